/**
 * How much WebAssembly memory PDFium holds in this thread (0 before its first PDF). Apart from
 * pdfium.ts so that a parse worker can report it without loading the reader at start
 * (pipeline/workers/worker.ts; the pool replaces a worker past RECYCLE_WASM_BYTES).
 */
let memory: { buffer: ArrayBuffer } | undefined

export function trackPdfiumMemory(m: { buffer: ArrayBuffer }): void {
  memory = m
}

/** WASM memory in bytes (grows, never shrinks). */
export function pdfiumMemory(): number {
  return memory?.buffer.byteLength ?? 0
}
