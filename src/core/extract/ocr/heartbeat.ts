/**
 * A file read by OCR takes seconds a page: the parse worker that reads it tells the pool after
 * each page (pipeline/workers/worker.ts sets the beat), so the pool's per-file timeout counts from
 * the last page instead of from the file's start. Without a beat set, nothing happens.
 */
let beat: (() => void) | null = null

export function setOcrBeat(fn: (() => void) | null): void {
  beat = fn
}

export function ocrBeat(): void {
  beat?.()
}
