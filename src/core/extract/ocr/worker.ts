/**
 * The OCR process (run.ts starts it): reads one scanned PDF or picture file, page by page, and
 * sends back its DocumentModel. Run as a child process from Node (the CLI, tests) and as a worker
 * thread inside Electron, whose packaged binary cannot run as Node (the runAsNode fuse is off,
 * electron-builder.yml): both get the same messages.
 *
 * Messages in: { bytes, kind: 'pdf' | 'picture' | 'pictures' }. Out: { progress: { page, pages, rss } } after
 * each page, then { doc } or { error }. The process is ended by its parent once answered.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DocumentModel } from '../../../shared/document'
import { OcrEngine } from './engine'
import { ocrDocument, pdfPages, picturePages, picturesPages } from './document'

/** The argument run.ts starts the OCR child process with. */
export const OCR_WORKER_FLAG = '--nianbao-ocr-worker'

export interface OcrRequest {
  bytes: Uint8Array
  /** pictures: a photo folder's pictures in page order (ingest/photo-folder.ts). */
  kind: 'pdf' | 'picture' | 'pictures'
}

export type OcrMessage =
  | { progress: { page: number; pages: number; rss: number } }
  | { beat: true }
  | { doc: DocumentModel }
  | { error: string }

const send = (m: OcrMessage): void => {
  if (parentPort) parentPort.postMessage(m)
  else process.send?.(m)
}

async function handle(req: OcrRequest): Promise<void> {
  try {
    const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength)
    const source =
      req.kind === 'pdf'
        ? await pdfPages(bytes)
        : req.kind === 'pictures'
          ? picturesPages(bytes)
          : picturePages(bytes)
    try {
      if (source.pages === 0) throw new Error('没有页面')
      const engine = await OcrEngine.load()
      const doc = await ocrDocument(
        engine,
        source,
        p => send({ progress: { ...p, rss: process.memoryUsage.rss() } }),
        () => send({ beat: true })
      )
      await engine.close()
      send({ doc })
    } finally {
      source.close()
    }
  } catch (err) {
    send({ error: err instanceof Error ? err.message : String(err) })
  }
}

// Only when started as the OCR process (run.ts says so): a module loader that imports every file
// (test/regex-safety) must not find this one answering its own process's messages.
if (parentPort && (workerData as { ocrWorker?: boolean } | null)?.ocrWorker)
  parentPort.once('message', (m: OcrRequest) => void handle(m))
else if (!parentPort && process.send && process.argv.includes(OCR_WORKER_FLAG))
  process.once('message', (m: OcrRequest) => void handle(m))
