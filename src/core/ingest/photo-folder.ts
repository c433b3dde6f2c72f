/**
 * A report sent as photos (issue #24): a folder holding nothing but page pictures
 * (某某局2023年报告/1.jpg … 6.jpg, 扫描_001.png …) is ONE report, its pages the pictures in natural
 * name order. The folder is the file the whole app knows (files list, findings, review, watcher):
 * its path is the folder's, its content a container of the pictures in order (PICTURES_MAGIC),
 * its hash derived from the pictures' bytes in that order.
 *
 * Which folders count. Real collections are a tree of units' folders; a unit that scanned its
 * signed report on a phone or a copier sends a folder of page pictures and nothing else. Pictures
 * also turn up as the images of something else, and those must not become a second report:
 *  - a saved web page's 报告_files / 报告.files folder (skipped by scan.ts before this is asked);
 *  - the pictures of a document beside the folder, named as it is (报告.docx + 报告/图1.png): a
 *    document exported with its images, or a report's attachments filed under its name;
 *  - a folder named for attachments or illustrations (附件, 附图, 插图, 配图, 截图, 图片, images…):
 *    what a unit's folder holds beside its report (photos of a 政务公开 event, a 签章页) is filed so.
 *    A scanned copy of the report in another folder (扫描件/) is stitched: it is a second version
 *    of the report, and the copy rules say so (M02), which is the truth.
 * Such pictures are read one by one, as any picture is (each its own file and M03 if not a report),
 * never dropped. A folder with a subfolder, or any file that is not a picture, or a single picture,
 * is no photo folder either: a single page is read as it always was (a multi-page TIFF alone is
 * already one document of its pages). The scanned folder itself is never one: its files keep
 * their own paths (a report's path cannot be empty); audit the folder above it.
 */
import { createHash } from 'node:crypto'
import { promises as fs, readFileSync } from 'node:fs'
import { accessText } from './fs-errors'
import { dateNumber } from '../../shared/chinese-numerals'

/** Page pictures by name: what phones, scanners and copiers write (HEIC, BMP… get an M03 page). */
export const PICTURE_NAME = /\.(jpe?g|png|tiff?|bmp|gif|webp|heic|heif)$/i

/** Folder names that say the pictures are attachments or illustrations, not the report's pages. */
const ATTACHMENT_FOLDER =
  /附件|附图|插图|配图|截图|图片|素材|^(images?|img|imgs|pics?|pictures?|media|assets?|figures?|attachments?)$/i

/** Document files whose same-named folder of pictures is theirs (报告.docx + 报告/). */
const DOCUMENT_NAME = /\.(pdf|ofd|docx?|wps|html?|mht|mhtml|txt|xml|rtf)$/i

const stem = (name: string): string => name.replace(/\.[^.]*$/, '').toLowerCase()

/**
 * Whether the folder `dirName`, holding `entries` (its listing, litter already left out), is one
 * report sent as photos; `parentNames`: the names beside the folder (any case).
 */
export function isPhotoFolder(
  dirName: string,
  entries: readonly { name: string; dir: boolean }[],
  parentNames: Iterable<string>
): boolean {
  if (entries.length < 2) return false
  if (entries.some(e => e.dir || !PICTURE_NAME.test(e.name))) return false
  if (ATTACHMENT_FOLDER.test(dirName)) return false
  const own = dirName.toLowerCase()
  for (const n of parentNames) if (DOCUMENT_NAME.test(n) && stem(n) === own) return false
  return true
}

/** The name as runs of text and numbers, Chinese numerals of 第…页 as numbers. */
function sortKey(name: string): (string | number)[] {
  const base = name.replace(/\.[^.]*$/, '').toLowerCase()
  // 第十二页 (十 forms) and 第一二页 (digit by digit), as a date's parts are read.
  const arabic = base.replace(/第([零〇一二两三四五六七八九十]+)[页張张幅]/g, (_m, n: string) =>
    String(dateNumber(n) ?? n)
  )
  return arabic.split(/(\d+)/).map((part, i) => (i % 2 === 1 ? Number(part) : part))
}

/**
 * Natural page order of picture names: 2 before 10, 第2页 before 第10页 (and 第二页 before 第十页),
 * page-1 / 001 / 扫描_001 alike; a 封面 (cover) first. Ties (1.jpg, 1.png) by the full name.
 */
export function comparePageNames(a: string, b: string): number {
  const cover = Number(b.includes('封面')) - Number(a.includes('封面'))
  if (cover !== 0) return cover
  const ka = sortKey(a)
  const kb = sortKey(b)
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i]!
    const y = kb[i]!
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return String(x) < String(y) ? -1 : 1
  }
  return ka.length - kb.length || (a < b ? -1 : a > b ? 1 : 0)
}

/** One picture of a photo folder, as the scan found it. */
export interface PagePicture {
  /** The file's name within the folder. */
  name: string
  absPath: string
  /** As ScannedFile.rawPath: the path's bytes (latin1) when its name is not UTF-8. */
  rawPath?: string
  size: number
  mtimeMs: number
}

/** The first bytes of a photo folder's content (never those of a real file format). */
export const PICTURES_MAGIC = 'NIANBAO-PICTURES/1\n'

interface PicturesHeader {
  names: string[]
  sizes: number[]
  /** Why a picture could not be read from disk (its bytes are then empty), per picture. */
  errors: (string | null)[]
}

export function isPicturesContainer(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 32))
    .toString('latin1')
    .startsWith(PICTURES_MAGIC)
}

/** The pictures in order as one buffer (the OCR process takes one buffer per report). */
export function encodePictures(
  parts: { name: string; bytes: Buffer | null; error: string | null }[]
): Buffer {
  const header: PicturesHeader = {
    names: parts.map(p => p.name),
    sizes: parts.map(p => p.bytes?.length ?? 0),
    errors: parts.map(p => p.error)
  }
  return Buffer.concat([
    Buffer.from(PICTURES_MAGIC, 'latin1'),
    Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'),
    ...parts.map(p => p.bytes ?? Buffer.alloc(0))
  ])
}

export function decodePictures(
  bytes: Uint8Array
): { name: string; bytes: Buffer; error: string | null }[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const start = PICTURES_MAGIC.length
  const nl = buf.indexOf(0x0a, start)
  if (!isPicturesContainer(buf) || nl < 0) throw new Error('图片组数据已损坏')
  const h = JSON.parse(buf.subarray(start, nl).toString('utf8')) as PicturesHeader
  let at = nl + 1
  return h.names.map((name, i) => {
    const size = h.sizes[i] ?? 0
    const part = buf.subarray(at, at + size)
    at += size
    return { name, bytes: part, error: h.errors[i] ?? null }
  })
}

/**
 * The content hash of a photo folder: of the pictures' bytes in page order, not their names (a
 * renaming that keeps the order keeps the supervisor's checks of its cells, kept by hash).
 */
export function picturesHash(parts: { bytes: Buffer | null; error: string | null }[]): string {
  const h = createHash('sha256').update(PICTURES_MAGIC)
  for (const p of parts) {
    const one = createHash('sha256')
      .update(p.bytes ?? Buffer.alloc(0))
      .update(p.error ?? '')
      .digest('hex')
    h.update(`${one}\n`)
  }
  return h.digest('hex')
}

const at = (p: PagePicture): string | Buffer =>
  p.rawPath === undefined ? p.absPath : Buffer.from(p.rawPath, 'latin1')

/**
 * Reads a photo folder's pictures into its content and hash. A picture that cannot be read is
 * kept as a page with its reason (the report then gets an M03 naming that page), never left out.
 */
export async function readPictures(
  pictures: readonly PagePicture[],
  sync = false
): Promise<{ bytes: Buffer; hash: string }> {
  const parts: { name: string; bytes: Buffer | null; error: string | null }[] = []
  for (const p of pictures) {
    try {
      const bytes = sync ? readFileSync(at(p)) : await fs.readFile(at(p))
      parts.push({ name: p.name, bytes, error: null })
    } catch (err) {
      parts.push({ name: p.name, bytes: null, error: `无法读取文件（${accessText(err)}）` })
    }
  }
  return { bytes: encodePictures(parts), hash: picturesHash(parts) }
}
