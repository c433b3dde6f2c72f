/**
 * A web page saved as one file (.mht/.mhtml, 网页，单个文件): a MIME multipart/related message
 * (RFC 2557) whose text/html part is the page, beside its images and styles. postal-mime (a
 * maintained MIME parser without dependencies) undoes the transfer encoding (quoted-printable,
 * base64) and the part's charset (gb2312 as IE saves it); the page is then read as any web page.
 */
import PostalMime from 'postal-mime'
import type { DocumentModel } from '../../shared/document'
import { extractHtmlString } from './html'

export type MhtResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

export async function extractMht(bytes: Buffer): Promise<MhtResult> {
  const message = await PostalMime.parse(bytes)
  if (!message.html) return { ok: false, reason: '网页存档（.mht）中没有网页正文' }
  const doc = extractHtmlString(message.html)
  // The archive's Subject is the page's title as the browser saw it.
  const subject = message.subject?.trim()
  if (doc.meta.title === undefined && subject) doc.meta.title = subject
  return { ok: true, doc }
}
