/** Plain text → DocumentModel. (Stub until the text extractor lands.) */
import type { DocumentModel } from '../../../shared/document'

export function extractText(text: string): DocumentModel {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  return {
    lines,
    blocks: lines.map((t, i) => ({ kind: 'paragraph' as const, text: t, line: i + 1 })),
    meta: {}
  }
}
