/**
 * Bytes → text. Order: BOM (UTF-8 / UTF-16LE / UTF-16BE) → strict UTF-8 → GB18030 (iconv-lite).
 * Binary garbage is refused with a Chinese reason rather than turned into mojibake, so the
 * pipeline can raise M03 saying why. Line endings are left as found; the extractor normalises
 * them to LF.
 */
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'

export type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' }
  | { ok: false; reason: string }

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false })

export function decodeText(bytes: Buffer): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: '文件为空' }

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return judge(lossyUtf8.decode(bytes.subarray(3)), 'utf-8')
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return judge(iconv.decode(bytes.subarray(2), 'utf-16le'), 'utf-16le')
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return judge(iconv.decode(bytes.subarray(2), 'utf-16be'), 'utf-16be')
  }
  // UTF-16 without a BOM (some Windows tools write it): ASCII-range characters leave a NUL in
  // every other byte, which no 8-bit encoding of Chinese text does.
  const utf16 = bomlessUtf16(bytes)
  if (utf16) return judge(iconv.decode(bytes, utf16), utf16)

  const utf8 = tryUtf8(bytes)
  if (utf8 !== null) return judge(utf8, 'utf-8')
  return judge(iconv.decode(bytes, 'gb18030'), 'gb18030')
}

/**
 * Strict UTF-8, tolerating two kinds of damage that would otherwise send a UTF-8 file down the
 * GB18030 path and turn all of it into mojibake: a multi-byte character cut off at the end (a
 * truncated download) and a few corrupt bytes in an otherwise clean UTF-8 file. GB18030 text read
 * as UTF-8 fails on nearly every Chinese character, so a low failure rate is a reliable signal.
 */
function tryUtf8(bytes: Buffer): string | null {
  // Validating first is much cheaper than a strict decode throwing on every GB18030 file.
  if (isUtf8(bytes)) return strictUtf8.decode(bytes)
  const lossy = lossyUtf8.decode(bytes)
  let bad = 0
  let nonAscii = 0
  for (let i = 0; i < lossy.length; i++) {
    const c = lossy.charCodeAt(i)
    if (c === 0xfffd) bad++
    // A character outside the BMP is two code units: counted once, at its high surrogate.
    else if (c > 0x7f && (c < 0xdc00 || c > 0xdfff)) nonAscii++
  }
  if (nonAscii >= 8 && bad <= Math.max(2, nonAscii / 200)) return lossy
  return null
}

function bomlessUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 8) return null
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++
    if (bytes[i + 1] === 0) oddNul++
  }
  const pairs = n / 2
  if (oddNul > pairs * 0.02 && evenNul * 3 < oddNul) return 'utf-16le'
  if (evenNul > pairs * 0.02 && oddNul * 3 < evenNul) return 'utf-16be'
  return null
}

/** Refuses decoded text that is really binary: NULs, replacement characters, control codes. */
function judge(raw: string, encoding: Encoding): DecodeResult {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
  let nul = 0
  let replacement = 0
  let control = 0
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    total++
    if (c === 0) nul++
    else if (c === 0xfffd) replacement++
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f)
      control++
  }
  if (text.trim().length === 0) return { ok: false, reason: '文件内容为空白' }
  if (nul > 0 && nul >= total * 0.01) {
    return { ok: false, reason: '文件含有大量空字节，疑似二进制文件，不是文本' }
  }
  if (replacement > 16 && replacement >= total * 0.02) {
    return { ok: false, reason: '文件编码无法识别（既不是 UTF-8 也不是 GB18030），内容无法还原' }
  }
  if (control > 16 && control >= total * 0.02) {
    return { ok: false, reason: '文件含有大量控制字符，疑似二进制文件或已损坏' }
  }
  return { ok: true, text, encoding }
}
