/**
 * File format from the bytes, not the extension: collected reports are often misnamed (a web page
 * saved as .doc, a .txt that is really GB18030 HTML). The extension only separates .wps from
 * .doc, both being OLE2 compound files.
 */
import type { FileFormat } from '../../../shared/document'
import { decodeText } from './decode'

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const HTML_TAG = /<(html|head|body|meta|title|div|p|table|tr|td|span|br|!--)[\s>/]/i

export function sniffFormat(bytes: Buffer, fileName = ''): FileFormat {
  if (bytes.length === 0) return 'unknown'
  // Some PDF writers put junk before the header; readers accept it within the first KB.
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf'
  if (bytes.subarray(0, 4).equals(ZIP)) {
    // The central directory stores member names uncompressed.
    return bytes.includes('word/document.xml') ? 'docx' : 'unknown'
  }
  if (bytes.subarray(0, 8).equals(OLE2)) {
    const ext = extensionOf(fileName)
    if (ext === 'wps') return 'wps'
    if (ext === 'xls' || ext === 'ppt' || ext === 'msg' || ext === 'et' || ext === 'dps') return 'unknown'
    return 'doc'
  }
  // Cut the head at a line break so a multi-byte character is not split by the slice.
  let head = bytes.subarray(0, 8192)
  if (bytes.length > head.length) {
    const nl = head.lastIndexOf(0x0a)
    if (nl > 1024) head = head.subarray(0, nl + 1)
  }
  const decoded = decodeText(head)
  if (!decoded.ok) return 'unknown'
  const text = decoded.text.trimStart()
  const lower = text.slice(0, 4096).toLowerCase()
  if (lower.startsWith('<?xml')) {
    if (lower.includes('w:worddocument') || lower.includes('pkg:package')) return 'xml'
    if (lower.includes('<html')) return 'html'
  }
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html')) return 'html'
  if (HTML_TAG.test(text.slice(0, 1024))) return 'html'
  return 'txt'
}

function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase()
}
