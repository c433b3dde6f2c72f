/**
 * How a report's document is kept in the database (store/ keeps only the bytes): either the model
 * itself ('doc', deflated JSON: formats slow to extract) or the file's own bytes ('source': text and
 * web pages, extracted again here in about a millisecond; store migration 5).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { DocumentModel, FileFormat } from '../../shared/document'
import { extractDocument } from './index'

export interface StoredDocument {
  kind: 'doc' | 'source'
  blob: Buffer
}

/** A document kept as the model ('doc'): deflated JSON. */
export function encodeDocument(doc: DocumentModel): Buffer {
  // Level 1: a third of the default level's time for a few per cent more bytes (bench/, issue #8).
  return deflateRawSync(Buffer.from(JSON.stringify(doc)), { level: 1 })
}

export async function documentOf(
  kind: 'doc' | 'source',
  blob: Buffer,
  format: FileFormat
): Promise<DocumentModel | null> {
  if (kind === 'doc') return JSON.parse(inflateRawSync(blob).toString('utf8')) as DocumentModel
  const extracted = await extractDocument(blob, format)
  return extracted.ok ? extracted.doc : null
}

/** A stored document as the store returns it (store/reports.ts documentBlob), or null. */
export function decodeStored(
  row: { kind: 'doc' | 'source'; blob: Buffer; format: FileFormat } | null
): Promise<DocumentModel | null> {
  return row ? documentOf(row.kind, row.blob, row.format) : Promise.resolve(null)
}
