/**
 * A parse worker (as src/core/pipeline/workers/worker.ts) that dies on a file whose name contains
 * "crash", as a reader's stray exception would end it: for test/hostile.test.ts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { silentLogger } from '../../src/core/logger'
import { examineHere, type ExamineJob } from '../../src/core/pipeline/pool'
import type { RuleSettings } from '../../src/core/rules/context'

const port = parentPort!
const settings = (workerData as { settings: RuleSettings }).settings
let queue: Promise<void> = Promise.resolve()
port.on('message', (msg: { id: number; job: ExamineJob }) => {
  queue = queue.then(async () => {
    port.postMessage({ started: msg.id })
    if (msg.job.file.path.includes('crash')) {
      void Promise.reject(new Error('simulated crash'))
      await new Promise(() => undefined)
    }
    const result = await examineHere(msg.job, settings, silentLogger, { syncRead: true })
    port.postMessage({ id: msg.id, result })
  })
})
port.postMessage({ ready: true })
