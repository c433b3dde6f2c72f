/**
 * Recursive folder scan. Returns every file a supervisor put there, supported or not (unsupported
 * ones still get an entry and an M03 finding), minus the litter editors and systems leave behind
 * and the images, styles and scripts of a web page saved whole.
 */
import { isUtf8 } from 'node:buffer'
import { existsSync, promises as fs, Stats, type Dirent } from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { accessText, DENIED, isDenied } from './fs-errors'
import { comparePageNames, isPhotoFolder, type PagePicture } from './photo-folder'

export interface ScannedFile {
  /** Relative to the scanned folder, with '/' separators. */
  path: string
  absPath: string
  size: number
  mtimeMs: number
  /** Listed but not openable (a broken link, no permission): the M03 reason. */
  problem?: string
  /**
   * The path's bytes (latin1), where its name is not UTF-8 and so cannot be opened by `absPath`: a
   * zip packed on Windows, its names in GBK, unpacked on Linux (统信/麒麟 desktops). `path` and
   * `absPath` then carry the name decoded from GB18030.
   */
  rawPath?: string
  /**
   * A folder of page pictures read as one report (photo-folder.ts): its pictures in page order.
   * `absPath` is then the folder, `size` the pictures' total, `mtimeMs` the newest of them and the
   * folder (a renaming or removal inside changes the folder's).
   */
  pictures?: PagePicture[]
}

/**
 * Why an entry listed in `dirAbs` cannot be opened, in words a supervisor can act on; null when it
 * is simply gone (deleted between the listing and the stat). Such entries used to be only logged:
 * the supervisor never saw that a report in the folder went unchecked.
 */
export async function unopenableReason(
  dirAbs: string | Buffer,
  name: string | Buffer,
  err: unknown
): Promise<string | null> {
  const link = await fs.lstat(childPath(dirAbs, name)).catch(() => null)
  if (!link) return null
  if (link.isSymbolicLink()) return '快捷方式（符号链接）指向的文件不存在或无法访问'
  return isDenied(err) ? DENIED : `无法打开（${accessText(err)}）`
}

/** `dir/name`, as a string while both are text, as bytes once either is. */
function childPath(dir: string | Buffer, name: string | Buffer): string | Buffer {
  if (typeof dir === 'string' && typeof name === 'string') return path.join(dir, name)
  return Buffer.concat([Buffer.from(dir), Buffer.from(path.sep), Buffer.from(name)])
}

/**
 * A name as listed, in bytes, as text: UTF-8 when it is (nearly always), else GB18030 (names from a
 * Windows zip), else each byte outside ASCII as %XX, so that two names never read the same (Node
 * reads both 报报.txt and 报告.txt in GBK as ����.txt, and two reports were one key).
 */
export function nameText(raw: Buffer): { text: string; utf8: boolean } {
  if (isUtf8(raw)) return { text: raw.toString('utf8'), utf8: true }
  const gb = iconv.decode(raw, 'gb18030')
  if (!gb.includes('\uFFFD')) return { text: gb, utf8: false }
  return {
    text: Array.from(raw, b =>
      b < 0x80 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase()}`
    ).join(''),
    utf8: false
  }
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
const PAGE_ASSET =
  /\.(css|js|mjs|map|png|jpe?g|gif|bmp|webp|svg|ico|woff2?|ttf|otf|eot|swf|thmx|json)$/i
/** What Word writes into 报告.files beside the images. */
const WORD_PAGE_PARTS = new Set([
  'filelist.xml',
  'colorschememapping.xml',
  'header.htm',
  'header.html'
])

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

  // Folders read so far, by device and inode: a linked folder is followed once, and a link back up
  // the tree (or to a folder read already) gets an entry saying so instead of a loop.
  const seenDirs = new Set<string>([dirKey(rootStat)])
  /** Linked folders found, walked once the real tree is done. */
  const linked: {
    io: string | Buffer
    abs: string
    relPath: string
    key: string
    inPage: boolean
  }[] = []

  /** `io`: the folder as fs calls take it (bytes below a name that is not UTF-8); `abs`: as shown. */
  async function walk(
    io: string | Buffer,
    abs: string,
    rel: string,
    top: boolean,
    inPage: boolean,
    parentNames: ReadonlySet<string> = new Set()
  ): Promise<void> {
    let named: { e: Dirent<string> | Dirent<Buffer>; text: string; utf8: boolean }[]
    try {
      const entries = await fs.readdir(io, { withFileTypes: true })
      // Names as text unless one is not UTF-8 (Node lists it with U+FFFD): then, for this folder,
      // as bytes, which is ~25 % slower for an unchanged rescan of 10,000 files.
      named =
        typeof io === 'string' && !entries.some(e => e.name.includes('\uFFFD'))
          ? entries.map(e => ({ e, text: e.name, utf8: true }))
          : (await fs.readdir(io, { withFileTypes: true, encoding: 'buffer' })).map(e => ({
              e,
              ...nameText(e.name)
            }))
    } catch (err) {
      if (top) throw err
      onError(rel, err)
      out.push({
        path: rel,
        absPath: abs,
        size: 0,
        mtimeMs: 0,
        problem: `无法打开这个子文件夹（${accessText(err)}），其中的文件都没有检查`
      })
      return
    }
    const files: { io: string | Buffer; abs: string; relPath: string; raw: string | Buffer }[] = []
    const names = new Set(named.map(n => n.text.toLowerCase()))
    if (!top && !inPage) {
      const photos = await photoFolderEntry(io, abs, rel, named, parentNames)
      if (photos) {
        out.push(photos)
        return
      }
    }
    for (const { e, text, utf8 } of named) {
      if (isIgnoredName(text)) continue
      // A name that is not UTF-8 is opened by its bytes, and so is everything below it.
      const childIo = typeof io === 'string' && utf8 ? path.join(io, text) : childPath(io, e.name)
      const childAbs = typeof childIo === 'string' ? childIo : path.join(abs, text)
      const relPath = rel ? `${rel}/${text}` : text
      if (e.isDirectory()) {
        const st = await fs.stat(childIo).catch(() => null)
        // A hard-linked or bind-mounted folder seen already (links are walked last): not twice.
        if (st && seenDirs.has(dirKey(st))) continue
        if (st) seenDirs.add(dirKey(st))
        await walk(childIo, childAbs, relPath, false, inPage || isPageFolder(text, names), names)
      } else if ((e.isFile() || e.isSymbolicLink()) && !(inPage && isPageAsset(text)))
        files.push({ io: childIo, abs: childAbs, relPath, raw: e.name })
      else if (!e.isFile() && !e.isSymbolicLink() && !(inPage && isPageAsset(text))) {
        // A pipe, a device or a socket in the folder: never opened (a FIFO would block the read).
        out.push({
          path: relPath,
          absPath: childAbs,
          size: 0,
          mtimeMs: 0,
          problem: notAFile(e, false)
        })
      }
    }
    // In name order: which of two links to one folder is followed must not depend on the disk.
    files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0))
    // Stats in parallel, a bounded number at a time: one after another, each waited for its own
    // round trip through the thread pool (10,000 files: 400 ms, most of an unchanged rescan).
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const batch = files.slice(i, i + STAT_BATCH)
      const stats = await Promise.all(batch.map(f => fs.stat(f.io).catch((err: unknown) => err)))
      for (const [k, f] of batch.entries()) {
        const st = stats[k]
        let entry: ScannedFile | null = null
        if (st instanceof Stats) {
          if (st.isFile())
            entry = {
              path: f.relPath,
              absPath: f.abs,
              size: st.size,
              mtimeMs: Math.floor(st.mtimeMs)
            }
          else if (st.isDirectory()) {
            // A linked folder (a symlink, a Windows junction) holding reports: followed once,
            // after the real folders (which keep their own paths when a link points into them).
            if (seenDirs.has(dirKey(st)))
              entry = { path: f.relPath, absPath: f.abs, size: 0, mtimeMs: 0, problem: LINK_LOOP }
            else linked.push({ ...f, key: dirKey(st), inPage })
          } else
            entry = {
              path: f.relPath,
              absPath: f.abs,
              size: 0,
              mtimeMs: 0,
              problem: notAFile(st, true)
            }
        } else {
          onError(f.relPath, st)
          const problem = await unopenableReason(io, f.raw, st)
          if (problem) entry = { path: f.relPath, absPath: f.abs, size: 0, mtimeMs: 0, problem }
        }
        if (entry && typeof f.io !== 'string') entry.rawPath = f.io.toString('latin1')
        if (entry) out.push(entry)
      }
    }
  }

  await walk(rootAbs, rootAbs, '', true, false)
  for (let l = linked.shift(); l; l = linked.shift()) {
    if (seenDirs.has(l.key)) {
      out.push({ path: l.relPath, absPath: l.abs, size: 0, mtimeMs: 0, problem: LINK_LOOP })
      continue
    }
    seenDirs.add(l.key)
    await walk(l.io, l.abs, l.relPath, false, l.inPage)
  }
  out.sort(
    (a, b) =>
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      Number(a.rawPath !== undefined) - Number(b.rawPath !== undefined)
  )
  return distinctPaths(out)
}

/**
 * The entry of a photo folder (photo-folder.ts), or null when the folder is not one or one of its
 * pictures cannot be stat'ed (its files are then listed one by one, each with its own M03).
 */
async function photoFolderEntry(
  io: string | Buffer,
  abs: string,
  rel: string,
  named: { e: Dirent<string> | Dirent<Buffer>; text: string }[],
  parentNames: Iterable<string>
): Promise<ScannedFile | null> {
  const listed = named
    .filter(n => !isIgnoredName(n.text))
    .map(n => ({ ...n, name: n.text, dir: n.e.isDirectory() }))
  const dirName = rel.split('/').pop() ?? ''
  if (!isPhotoFolder(dirName, listed, parentNames)) return null
  const dirStat = await fs.stat(io).catch(() => null)
  if (!dirStat) return null
  const pictures: PagePicture[] = []
  for (const n of listed) {
    const childIo =
      typeof io === 'string' && typeof n.e.name === 'string'
        ? path.join(io, n.text)
        : childPath(io, n.e.name)
    const st = await fs.stat(childIo).catch(() => null)
    if (!st?.isFile()) return null
    pictures.push({
      name: n.text,
      absPath: path.join(abs, n.text),
      ...(typeof childIo === 'string' ? {} : { rawPath: childIo.toString('latin1') }),
      size: st.size,
      mtimeMs: Math.floor(st.mtimeMs)
    })
  }
  pictures.sort((a, b) => comparePageNames(a.name, b.name))
  return {
    path: rel,
    absPath: abs,
    size: pictures.reduce((n, p) => n + p.size, 0),
    mtimeMs: Math.max(Math.floor(dirStat.mtimeMs), ...pictures.map(p => p.mtimeMs)),
    pictures,
    ...(typeof io === 'string' ? {} : { rawPath: io.toString('latin1') })
  }
}

/**
 * The photo folder `relDir` of `root` as the scan would list it, or null when it is not one now
 * (the watcher's events on one of its pictures; getOcrPage's pages).
 */
export async function photoFolderAt(root: string, relDir: string): Promise<ScannedFile | null> {
  if (!relDir || relDir === '.') return null
  const abs = path.join(root, relDir)
  const parent = path.dirname(abs)
  try {
    const [entries, siblings] = await Promise.all([
      fs.readdir(abs, { withFileTypes: true }),
      fs.readdir(parent)
    ])
    const names = new Set(siblings.map(n => n.toLowerCase()))
    // Inside a saved page's folder nothing is a photo folder (as in the scan's walk).
    const inPage = relDir.split('/').some((dir, i, parts) => {
      const above = path.join(root, ...parts.slice(0, i))
      return pageNamesOf(dir).some(n => existsSync(path.join(above, n)))
    })
    if (inPage) return null
    return await photoFolderEntry(
      abs,
      abs,
      relDir,
      entries.map(e => ({ e, text: e.name })),
      names
    )
  } catch {
    return null
  }
}

/** A folder's identity: the same folder reached through a link has the same one. */
function dirKey(st: Stats): string {
  return `${st.dev}:${st.ino}`
}

export const LINK_LOOP =
  '快捷方式（符号链接）指向的文件夹已在检查范围内（指向上级文件夹或已读取过的文件夹），为避免重复和循环，未再次读取'

/** Why a pipe, device or socket (or a link to one) is not read. */
export function notAFile(
  what: {
    isFIFO(): boolean
    isCharacterDevice(): boolean
    isBlockDevice(): boolean
    isSocket(): boolean
  },
  link: boolean
): string {
  const kind = what.isFIFO()
    ? '命名管道（FIFO）'
    : what.isCharacterDevice() || what.isBlockDevice()
      ? '设备文件'
      : what.isSocket()
        ? '套接字'
        : '特殊文件'
  return `${link ? '快捷方式（符号链接）指向' : '这是'}${kind}，不是普通文件，未读取`
}

/**
 * One key per file: a name read from its bytes (%FF%FE.txt) may equal a real name beside it, and
 * two entries of one key stop the whole ingest (SQLITE_CONSTRAINT). The one read from bytes gets
 * a suffix; `sorted` puts it after the other.
 */
function distinctPaths(sorted: ScannedFile[]): ScannedFile[] {
  const seen = new Set<string>()
  for (const f of sorted) {
    let key = f.path
    for (let n = 2; seen.has(key); n++) key = `${f.path} (${n})`
    f.path = key
    seen.add(key)
  }
  return sorted
}
