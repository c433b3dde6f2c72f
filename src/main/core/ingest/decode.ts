/**
 * Bytes → text. Order: BOM → strict UTF-8 → GB18030 (iconv-lite). Line endings are normalised to
 * LF by the caller's extractor.
 * (Stub: the ingest work replaces this with the full implementation and its tests.)
 */
export type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' }
  | { ok: false; reason: string }

export function decodeText(bytes: Buffer): DecodeResult {
  return { ok: true, text: bytes.toString('utf8'), encoding: 'utf-8' }
}
