/**
 * A parse worker (pipeline-pool.ts): examines the files the main thread sends, one at a time, and
 * posts back what the store needs. Log lines travel back to the main thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { examineHere, type ExamineJob } from '../pool'
import { pdfiumMemory } from '../../extract/pdfium-memory'
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
  port.on('message', (msg: { id: number; job: ExamineJob }) => {
    // With its PDFium memory, which the pool watches: it never shrinks (pool.ts RECYCLE_WASM_BYTES).
    void examineHere(msg.job, settings, logger, { syncRead: true }).then(result => port.postMessage({ id: msg.id, result, wasmBytes: pdfiumMemory() }))
  })
  // The pool's watchdog gives up on a worker that never says this (pipeline-pool.ts).
  port.postMessage({ ready: true })
}
