/**
 * Recursive folder scan. Returns every file a supervisor put there, supported or not (unsupported
 * ones still get an entry and an M03 finding), minus the litter editors and systems leave behind.
 */
import { promises as fs, Stats } from 'node:fs'
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

/** Files stat'ed at once by the scan (see the loop in walk). */
const STAT_BATCH = 64

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
    const files: { abs: string; relPath: string }[] = []
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue
      const abs = path.join(dirAbs, e.name)
      const relPath = rel ? `${rel}/${e.name}` : e.name
      // Symlinked folders are not followed: a link back up the tree would loop.
      if (e.isDirectory()) await walk(abs, relPath, false)
      else if (e.isFile() || e.isSymbolicLink()) files.push({ abs, relPath })
    }
    // Stats in parallel, a bounded number at a time: one after another, each waited for its own
    // round trip through the thread pool (10,000 files: 400 ms, most of an unchanged rescan).
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const batch = files.slice(i, i + STAT_BATCH)
      const stats = await Promise.all(batch.map(f => fs.stat(f.abs).catch((err: unknown) => err)))
      batch.forEach((f, k) => {
        const st = stats[k]
        if (!(st instanceof Stats)) return onError(f.relPath, st)
        if (st.isFile()) out.push({ path: f.relPath, absPath: f.abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) })
      })
    }
  }

  await walk(rootAbs, '', true)
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return out
}
