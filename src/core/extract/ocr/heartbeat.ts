/**
 * A file read by OCR takes seconds a page: the parse worker that reads it tells the pool after
 * each page (pipeline/workers/worker.ts sets the beat), so the pool's per-file timeout counts from
 * the last page instead of from the file's start. Without a beat set, nothing happens.
 */
/** A page read, for the progress the supervisor sees (第 page/pages 页); absent within a page. */
export interface OcrPage {
  page: number
  pages: number
}

let beat: ((page?: OcrPage) => void) | null = null

export function setOcrBeat(fn: ((page?: OcrPage) => void) | null): void {
  beat = fn
}

export function ocrBeat(page?: OcrPage): void {
  beat?.(page)
}

/** runOcr's hooks: a beat within a page, and each page with its number. */
export const OCR_BEATS = {
  onPage: (page: number, pages: number): void => ocrBeat({ page, pages }),
  onBeat: (): void => ocrBeat()
}
