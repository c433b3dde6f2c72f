/**
 * A parse worker (pipeline/pool.ts): examines the files the main thread sends, one at a time, and
 * posts back what the store needs. Log lines travel back to the main thread's logger.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { examineHere, type ExamineJob } from '../pool'
import type { RuleSettings } from '../../../shared/model'
import { type Logger } from '../../logger'

const port = parentPort
if (port) {
  // pdfjs inflates a PDF's streams through DecompressionStream when there is one: under Node a web
  // stream over zlib's thread pool, a round trip for every content stream and font of every page.
  // Its own inflate, which it falls back to without one, gives the same bytes and made a PDF ~12 %
  // cheaper, with less memory (bench/, issue #8). Nothing else in a parse worker uses it.
  delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream
  const settings = (workerData as { settings: RuleSettings }).settings
  const logger: Logger = {
    info: message => port.postMessage({ log: { level: 'info', message } }),
    warn: message => port.postMessage({ log: { level: 'warn', message } }),
    error: message => port.postMessage({ log: { level: 'error', message } })
  }
  // One file at a time, each announced when begun: the pool times a file from its start, and knows
  // which file to blame (and with its hash, not to read again) if this thread dies on it. A stray
  // rejection (pdfjs on a damaged PDF) is left to end the thread: the pool replaces it and the file
  // gets an M03, where a thread carrying on could wait forever on a promise that never settles.
  let queue: Promise<void> = Promise.resolve()
  port.on('message', (msg: { id: number; job: ExamineJob }) => {
    queue = queue.then(async () => {
      port.postMessage({ started: msg.id })
      const onHashed = (hash: string): void => port.postMessage({ hashed: msg.id, hash })
      const result = await examineHere(msg.job, settings, logger, { syncRead: true, onHashed })
      port.postMessage({ id: msg.id, result })
    })
  })
  // The pool's watchdog gives up on a worker that never says this (pipeline-pool.ts).
  port.postMessage({ ready: true })
}
