/**
 * A parse worker (pipeline/pool.ts): examines the files the main thread sends, one at a time, and
 * posts back what the store needs. Log lines travel back to the main thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { pdfiumMemory } from '../../extract/pdfium-memory'
import { setOcrBeat } from '../../extract/ocr/heartbeat'
import { examineHere, type ExamineJob } from '../pool'
import type { RuleSettings } from '../../../shared/model'
import { type Logger } from '../../logger'

const port = parentPort
if (port) {
  const settings = (workerData as { settings: RuleSettings }).settings
  const logger: Logger = {
    info: message => port.postMessage({ log: { level: 'info', message } }),
    warn: message => port.postMessage({ log: { level: 'warn', message } }),
    error: message => port.postMessage({ log: { level: 'error', message } })
  }
  // One file at a time, each announced when begun: the pool times a file from its start, and knows
  // which file to blame (and with its hash, not to read again) if this thread dies on it. A stray
  // rejection (a reader's, on a damaged file) is left to end the thread: the pool replaces it and the file
  // gets an M03, where a thread carrying on could wait forever on a promise that never settles.
  let queue: Promise<void> = Promise.resolve()
  port.on('message', (msg: { id: number; job: ExamineJob }) => {
    queue = queue.then(async () => {
      port.postMessage({ started: msg.id })
      const onHashed = (hash: string): void => port.postMessage({ hashed: msg.id, hash })
      // Each page read by OCR restarts the pool's clock on this file (a scan takes minutes), and
      // a page done is the progress shown.
      setOcrBeat(page => port.postMessage({ started: msg.id, ...(page ? { ocrPage: page } : {}) }))
      const result = await examineHere(msg.job, settings, logger, { syncRead: true, onHashed })
      setOcrBeat(null)
      // With its PDFium memory, which the pool watches: it never shrinks (pool.ts RECYCLE_WASM_BYTES).
      port.postMessage({ id: msg.id, result, wasmBytes: pdfiumMemory() })
    })
  })
  // The pool's watchdog gives up on a worker that never says this (pipeline-pool.ts).
  port.postMessage({ ready: true })
}
