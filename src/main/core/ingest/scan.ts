/**
 * Recursive folder scan. Returns every file a supervisor put there, supported or not (unsupported
 * ones still get an entry and an M03 finding), minus the litter editors and systems leave behind.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'

export interface ScannedFile {
  /** Relative to the scanned folder, with '/' separators. */
  path: string
  absPath: string
  size: number
  mtimeMs: number
}

/** Office lock files (~$x.docx), LibreOffice locks (.~lock.x#), dot-files, OS litter. */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$') || name.startsWith('~WRL')) return true
  if (name.endsWith('~') || /\.(tmp|crdownload|part)$/i.test(name)) return true
  const lower = name.toLowerCase()
  return lower === 'thumbs.db' || lower === 'desktop.ini'
}

/**
 * Walks `root`. Throws only when `root` itself cannot be listed (the caller reports that as an
 * unusable folder); a subfolder that cannot be read is passed to `onError` and skipped.
 */
export async function scanFolder(
  root: string,
  onError: (relPath: string, err: unknown) => void = () => undefined
): Promise<ScannedFile[]> {
  const out: ScannedFile[] = []
  const rootAbs = path.resolve(root)
  const rootStat = await fs.stat(rootAbs)
  if (!rootStat.isDirectory()) throw new Error(`不是文件夹：${root}`)

  async function walk(dirAbs: string, rel: string, top: boolean): Promise<void> {
    let entries
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true })
    } catch (err) {
      if (top) throw err
      onError(rel, err)
      return
    }
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue
      const abs = path.join(dirAbs, e.name)
      const relPath = rel ? `${rel}/${e.name}` : e.name
      // Symlinked folders are not followed: a link back up the tree would loop.
      if (e.isDirectory()) {
        await walk(abs, relPath, false)
      } else if (e.isFile() || e.isSymbolicLink()) {
        try {
          const st = await fs.stat(abs)
          if (!st.isFile()) continue
          out.push({ path: relPath, absPath: abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) })
        } catch (err) {
          onError(relPath, err)
        }
      }
    }
  }

  await walk(rootAbs, '', true)
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return out
}
