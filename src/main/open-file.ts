/**
 * Which source files 打开原文件 may hand to the system (plain Node, so it is tested without
 * Electron). A watched folder lists every file in it, a report or not (each gets an entry: cli.md),
 * and opening a file with its default program runs an .exe, a .bat or a .lnk: only documents are
 * opened; anything else is shown in the file manager.
 */
import path from 'node:path'

const DOCUMENTS = new Set([
  '.pdf',
  '.ofd',
  '.doc',
  '.docx',
  '.wps',
  '.wpt',
  '.rtf',
  '.odt',
  '.xml',
  '.htm',
  '.html',
  '.mht',
  '.mhtml',
  '.txt',
  '.md',
  '.csv',
  '.xls',
  '.xlsx',
  '.et'
])

export function isOpenableDocument(file: string): boolean {
  return DOCUMENTS.has(path.extname(file).toLowerCase())
}
