/**
 * A parse worker (as src/core/pipeline/workers/worker.ts) that never finishes a file whose name
 * contains "hang": for the pool's watchdog test (test/pool.test.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { examineHere, type ExamineJob } from '../../src/core/pipeline/pool'
import type { RuleSettings } from '../../src/core/rules/context'
import { silentLogger } from '../../src/core/logger'

const port = parentPort!
const settings = (workerData as { settings: RuleSettings }).settings
port.on('message', (msg: { id: number; job: ExamineJob }) => {
  port.postMessage({ started: msg.id })
  if (msg.job.file.path.includes('hang')) for (;;) Math.sqrt(Math.random())
  void examineHere(msg.job, settings, silentLogger, { syncRead: true }).then(result =>
    port.postMessage({ id: msg.id, result })
  )
})
port.postMessage({ ready: true })
