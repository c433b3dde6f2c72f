/**
 * The container a file really is, from its first bytes: PDF, a zip (docx), an OLE2 compound file
 * (Word 97 .doc, WPS .wps, or an encrypted Office file), a web archive (.mht). Text formats (txt,
 * html, WordML xml) are left to the file name.
 */
import type { FileFormat } from '../../../shared/document'

export function sniffFormat(bytes: Buffer): FileFormat | undefined {
  const head = bytes.subarray(0, 1024).toString('latin1')
  if (head.startsWith('%PDF-') || head.slice(0, 1024).includes('%PDF-')) return 'pdf'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx'
  if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'doc'
  if (isWebArchive(bytes)) return 'mht'
  return undefined
}

/**
 * A web page saved as one file (.mht/.mhtml): MIME headers first (From: <Saved by Blink>, or by
 * Internet Explorer), then the parts of a multipart/related message.
 */
export function isWebArchive(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 2048).toString('latin1')
  return /^MIME-Version:\s*1\.0/im.test(head) && /^Content-Type:\s*multipart\/related/im.test(head)
}
