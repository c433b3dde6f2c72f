/**
 * The container a file really is, from its first bytes: PDF, a zip (docx), an OLE2 compound file
 * (Word 97 .doc, WPS .wps, or an encrypted Office file), a web archive (.mht). Text formats (txt,
 * html, WordML xml) are left to the file name.
 */
import type { FileFormat } from '../../shared/document'

export function sniffFormat(bytes: Buffer): FileFormat | undefined {
  if (isPdf(bytes)) return 'pdf'
  if (isZip(bytes)) return isOfd(bytes) ? 'ofd' : 'docx'
  if (isOle2(bytes)) return 'doc'
  if (isWebArchive(bytes)) return 'mht'
  return undefined
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04])
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/** Some PDF writers put junk before the header; readers accept it within the first KB. */
export const isPdf = (bytes: Buffer): boolean => bytes.subarray(0, 1024).includes('%PDF-')
export const isZip = (bytes: Buffer): boolean => bytes.subarray(0, 4).equals(ZIP)
/** An OLE2 compound file: Word 97 .doc, WPS .wps, Excel .xls, an encrypted Office file… */
export const isOle2 = (bytes: Buffer): boolean => bytes.subarray(0, 8).equals(OLE2)
/**
 * An OFD package: a zip whose central directory (member names in plain bytes) lists OFD.xml, its
 * root part, and no Word part.
 */
export const isOfd = (bytes: Buffer): boolean =>
  isZip(bytes) && !bytes.includes('word/') && bytes.includes('OFD.xml')
/** RTF: text that starts with its control word (read as a text file it was a page of {\rtf1…). */
export const isRtf = (bytes: Buffer): boolean =>
  bytes.subarray(0, 5).toString('latin1') === '{\\rtf'

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06])

/**
 * A PDF, zip or OLE2 file whose end is missing: an interrupted download or copy. A PDF ends with
 * %%EOF (a few bytes of padding may follow); a zip with its end-of-central-directory record (at
 * most a 64 KB comment after it); an OLE2 file is whole 512-byte sectors. Only asked of a file that
 * failed to open: a sloppy writer's file that opens is read as it is.
 */
export function isTruncated(bytes: Buffer): boolean {
  if (isPdf(bytes)) return !bytes.subarray(-1024).includes('%%EOF')
  if (isZip(bytes)) return !bytes.subarray(-(65_536 + 22)).includes(ZIP_END)
  if (isOle2(bytes)) return bytes.length % 512 !== 0
  return false
}

/**
 * A web page saved as one file (.mht/.mhtml): MIME headers first (From: <Saved by Blink>, or by
 * Internet Explorer), then the parts of a multipart/related message.
 */
export function isWebArchive(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 2048).toString('latin1')
  return /^MIME-Version:\s*1\.0/im.test(head) && /^Content-Type:\s*multipart\/related/im.test(head)
}
