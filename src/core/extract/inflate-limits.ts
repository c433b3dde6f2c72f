/**
 * Limits on what a file may inflate to (issue #19). A report is a few MB; its zip parts and PDF
 * streams inflate to tens at most. Zip and flate bombs (.docx, .ofd, PDF streams inflating to more
 * than 1 GB) each took 28–84 s and 1.2–2.6 GB, and a folder of them ran the process out of memory:
 * the inflated bytes are outside V8's heap, so a worker's heap cap did not stop them. Inflating here
 * with zlib's maxOutputLength stops at the limit, whatever sizes the archive declares.
 *
 * Shared by every reader (docx.ts, ofd.ts, and the PDF check run before any PDF reader), so that a
 * change of PDF library keeps the limit.
 */
import zlib from 'node:zlib'
import type JSZip from 'jszip'

const MB = 1024 * 1024
/** One part of a .docx or .ofd (word/document.xml, a page): tens of MB would already be absurd. */
export const ZIP_PART_LIMIT = 64 * MB
/** All parts read from one archive together. */
export const ZIP_TOTAL_LIMIT = 256 * MB
/** One PDF stream (a page's content, a font, an object stream). */
export const PDF_STREAM_LIMIT = 128 * MB
/** All flate streams of one PDF together. */
export const PDF_TOTAL_LIMIT = 512 * MB

export class InflateLimitError extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

function mb(n: number): string {
  return `${Math.round(n / MB)} MB`
}

export function bombReason(what: string, limit: number): string {
  return `文件过大：${what}解压后超过 ${mb(limit)}（年度报告只有几 MB），可能是损坏或恶意构造的压缩数据，未读取`
}

/** What is still allowed to be inflated from one archive. */
export interface InflateBudget {
  left: number
}

export function zipBudget(): InflateBudget {
  return { left: ZIP_TOTAL_LIMIT }
}

/** JSZip's internal record of a part as loaded from an archive (not part of its typings). */
interface CompressedPart {
  compression?: { magic?: string }
  compressedContent?: Uint8Array
  uncompressedSize?: number
}

/**
 * A part's bytes, inflated by zlib up to the limits; throws InflateLimitError past them. JSZip's own
 * inflate (pako) has no limit and trusts nothing but the bytes, so it is used only for a part this
 * does not recognise (a method other than store and deflate), after its declared size is checked.
 */
export async function zipPartBytes(
  file: JSZip.JSZipObject,
  budget: InflateBudget
): Promise<Buffer> {
  const limit = Math.min(ZIP_PART_LIMIT, budget.left)
  const what = `压缩包中的 ${file.name} `
  const data = (file as unknown as { _data?: CompressedPart })._data
  let out: Buffer
  const method = data?.compression?.magic
  if (data?.compressedContent && (method === '\x08\x00' || method === '\x00\x00')) {
    const raw = data.compressedContent
    if (method === '\x00\x00') {
      if (raw.byteLength > limit) throw new InflateLimitError(bombReason(what, limit))
      out = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
    } else {
      try {
        out = zlib.inflateRawSync(raw, {
          maxOutputLength: limit,
          finishFlush: zlib.constants.Z_SYNC_FLUSH
        })
      } catch (err) {
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw new InflateLimitError(bombReason(what, limit))
        throw err
      }
    }
  } else {
    if ((data?.uncompressedSize ?? 0) > limit) throw new InflateLimitError(bombReason(what, limit))
    out = Buffer.from(await file.async('uint8array'))
    if (out.byteLength > limit) throw new InflateLimitError(bombReason(what, limit))
  }
  budget.left -= out.byteLength
  return out
}

/** The same as text (UTF-8, as JSZip's 'string' output decodes it). */
export async function zipPartText(file: JSZip.JSZipObject, budget: InflateBudget): Promise<string> {
  return (await zipPartBytes(file, budget)).toString('utf8')
}

const STREAM = Buffer.from('stream')
const ENDSTREAM = Buffer.from('endstream')
const FLATE = /\/(FlateDecode|Fl)\b/
/** How far back from `stream` its dictionary is looked for. */
const DICT_WINDOW = 4096

/**
 * Deflate's largest ratio (a run of one byte: 258 bytes per 2-bit code, ~1032:1). A stream of L
 * bytes cannot inflate to more than L times this, so most streams need not be inflated to be
 * known to be within the limits.
 */
const MAX_RATIO = 1032

/** Where each FlateDecode stream's data lies in the file. */
function flateStreams(bytes: Buffer): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  let at = 0
  for (;;) {
    const s = bytes.indexOf(STREAM, at)
    if (s < 0) return out
    at = s + STREAM.length
    // `endstream` contains `stream`; so does a name like /Substream.
    if (s >= 3 && bytes.toString('latin1', s - 3, s) === 'end') continue
    let start = at
    if (bytes[start] === 0x0d) start++
    if (bytes[start] === 0x0a) start++
    else if (start === at) continue
    const dict = bytes.toString('latin1', Math.max(0, s - DICT_WINDOW), s)
    const open = dict.lastIndexOf('obj')
    if (open < 0 || !FLATE.test(dict.slice(open))) continue
    let end = bytes.indexOf(ENDSTREAM, start)
    if (end < 0) end = bytes.length
    at = end
    out.push({ start, end })
  }
}

/**
 * Why a PDF is refused before any PDF reader inflates it, or null. A FlateDecode stream that could
 * exceed a limit by its size is inflated here by zlib with a cap, largest first, until what the
 * rest could give fits: a report of a few hundred KB needs none inflated, a large one some (a few
 * ms). A stream zlib cannot read is left to the reader, which has its own recovery.
 */
export function pdfInflateProblem(bytes: Buffer): string | null {
  const streams = flateStreams(bytes).sort((a, b) => b.end - b.start - (a.end - a.start))
  let bound = 0
  for (const s of streams) bound += (s.end - s.start) * MAX_RATIO
  let total = 0
  for (const s of streams) {
    const most = (s.end - s.start) * MAX_RATIO
    if (most <= PDF_STREAM_LIMIT && total + bound <= PDF_TOTAL_LIMIT) return null
    bound -= most
    const limit = Math.min(PDF_STREAM_LIMIT, PDF_TOTAL_LIMIT - total)
    try {
      // Z_SYNC_FLUSH: a stream cut short still counts what it gives.
      total += zlib.inflateSync(bytes.subarray(s.start, s.end), {
        maxOutputLength: limit,
        finishFlush: zlib.constants.Z_SYNC_FLUSH
      }).byteLength
    } catch (err) {
      if ((err as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') continue
      return limit === PDF_STREAM_LIMIT
        ? bombReason('PDF 中的一个数据流', limit)
        : bombReason('PDF 中的数据流合计', PDF_TOTAL_LIMIT)
    }
  }
  return null
}
