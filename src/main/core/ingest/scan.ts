/**
 * Recursive folder scan. Returns every file a supervisor put there, supported or not (unsupported
 * ones still get an entry and an M03 finding), minus the litter editors and systems leave behind
 * and the images, styles and scripts of a web page saved whole.
 */
import { promises as fs, Stats } from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'

export interface ScannedFile {
  /** Relative to the scanned folder, with '/' separators. */
  path: string
  absPath: string
  size: number
  mtimeMs: number
  /** Listed but not openable (a broken link, a name in GBK bytes, no permission): the M03 reason. */
  problem?: string
}

function errCode(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err ? String(err.code) : err instanceof Error ? err.message : String(err)
}

/**
 * Why an entry listed in `dirAbs` cannot be opened, in words a supervisor can act on; null when it
 * is simply gone (deleted between the listing and the stat). Such entries used to be only logged:
 * the supervisor never saw that a report in the folder went unchecked.
 */
export async function unopenableReason(dirAbs: string, name: string, err: unknown): Promise<string | null> {
  // A name that is not UTF-8 (a zip packed on Windows in GBK and unpacked on Linux, e.g. on a
  // 统信/麒麟 desktop) is listed with U+FFFD and cannot be opened by that name.
  if (name.includes('\uFFFD')) {
    const raw = await fs.readdir(dirAbs, { encoding: 'buffer' }).catch(() => [] as Buffer[])
    const bytes = raw.find(b => b.toString('utf8') === name)
    const shown = bytes ? `“${iconv.decode(bytes, 'gb18030')}”` : ''
    return `文件名${shown}不是 UTF-8 编码（多见于在 Windows 上打包、在本机解压的压缩文件），无法按此文件名打开；请将文件改名后重新扫描`
  }
  const link = await fs.lstat(path.join(dirAbs, name)).catch(() => null)
  if (!link) return null
  if (link.isSymbolicLink()) return '快捷方式（符号链接）指向的文件不存在或无法访问'
  const code = errCode(err)
  return code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : `无法打开（${code}）`
}

/** Office lock files (~$x.docx), LibreOffice locks (.~lock.x#), dot-files, OS litter. */
export function isIgnoredName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$') || name.startsWith('~WRL')) return true
  if (name.endsWith('~') || /\.(tmp|crdownload|part)$/i.test(name)) return true
  const lower = name.toLowerCase()
  return lower === 'thumbs.db' || lower === 'desktop.ini'
}

/**
 * A web page saved whole keeps its images, styles and scripts in a folder beside it: 报告_files
 * (browsers) or 报告.files (Word's 另存为网页). Those are the page's, not reports of their own: each
 * was an M03 saying it is not a report, dozens per saved page. Documents in such a folder (a
 * frame's page, an attachment) are still read.
 */
const PAGE_FOLDER = /^(.+)(_files|\.files)$/i
const PAGE_FILE_EXT = ['htm', 'html', 'mht', 'mhtml']
const PAGE_ASSET = /\.(css|js|mjs|map|png|jpe?g|gif|bmp|webp|svg|ico|woff2?|ttf|otf|eot|swf|thmx|json)$/i
/** What Word writes into 报告.files beside the images. */
const WORD_PAGE_PARTS = new Set(['filelist.xml', 'colorschememapping.xml', 'header.htm', 'header.html'])

/** The names the page a folder like 报告_files belongs to may have; none for other folders. */
function pageNamesOf(dirName: string): string[] {
  const m = PAGE_FOLDER.exec(dirName)
  return m ? PAGE_FILE_EXT.map(ext => `${m[1]!}.${ext}`) : []
}

/** Whether `dirName` is the folder of a saved page that sits beside it (`siblings`: lower-cased names). */
export function isPageFolder(dirName: string, siblings: ReadonlySet<string>): boolean {
  return pageNamesOf(dirName).some(name => siblings.has(name.toLowerCase()))
}

/** A file that, inside a saved page's folder, is part of the page. */
export function isPageAsset(name: string): boolean {
  return PAGE_ASSET.test(name) || WORD_PAGE_PARTS.has(name.toLowerCase())
}

/**
 * The same for one path relative to the scanned folder (the watcher's events): a page asset in a
 * saved page's folder, whose page `exists`.
 */
export function isPageAssetPath(relPath: string, exists: (rel: string) => boolean): boolean {
  const parts = relPath.split('/')
  if (!isPageAsset(parts[parts.length - 1]!)) return false
  return parts.slice(0, -1).some((dir, i) => {
    const at = parts.slice(0, i).join('/')
    return pageNamesOf(dir).some(name => exists(at ? `${at}/${name}` : name))
  })
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

  async function walk(dirAbs: string, rel: string, top: boolean, inPage: boolean): Promise<void> {
    let entries
    try {
      entries = await fs.readdir(dirAbs, { withFileTypes: true })
    } catch (err) {
      if (top) throw err
      onError(rel, err)
      const code = errCode(err)
      const why = code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code
      out.push({ path: rel, absPath: dirAbs, size: 0, mtimeMs: 0, problem: `无法打开这个子文件夹（${why}），其中的文件都没有检查` })
      return
    }
    const files: { abs: string; relPath: string; name: string }[] = []
    const names = new Set(entries.map(e => e.name.toLowerCase()))
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue
      const abs = path.join(dirAbs, e.name)
      const relPath = rel ? `${rel}/${e.name}` : e.name
      // Symlinked folders are not followed: a link back up the tree would loop.
      if (e.isDirectory()) await walk(abs, relPath, false, inPage || isPageFolder(e.name, names))
      else if ((e.isFile() || e.isSymbolicLink()) && !(inPage && isPageAsset(e.name))) files.push({ abs, relPath, name: e.name })
    }
    // Stats in parallel, a bounded number at a time: one after another, each waited for its own
    // round trip through the thread pool (10,000 files: 400 ms, most of an unchanged rescan).
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const batch = files.slice(i, i + STAT_BATCH)
      const stats = await Promise.all(batch.map(f => fs.stat(f.abs).catch((err: unknown) => err)))
      for (const [k, f] of batch.entries()) {
        const st = stats[k]
        if (st instanceof Stats) {
          if (st.isFile()) out.push({ path: f.relPath, absPath: f.abs, size: st.size, mtimeMs: Math.floor(st.mtimeMs) })
          continue
        }
        onError(f.relPath, st)
        const problem = await unopenableReason(dirAbs, f.name, st)
        if (problem) out.push({ path: f.relPath, absPath: f.abs, size: 0, mtimeMs: 0, problem })
      }
    }
  }

  await walk(rootAbs, '', true, false)
  out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return out
}
