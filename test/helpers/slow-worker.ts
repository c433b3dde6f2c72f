/**
 * A parse worker (as src/core/pipeline/workers/worker.ts) that takes 700 ms over each file, one at
 * a time: for the test that a file is timed from its start (test/hostile.test.ts).
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
    const until = Date.now() + 700
    while (Date.now() < until) Math.sqrt(Math.random())
    const result = await examineHere(msg.job, settings, silentLogger, { syncRead: true })
    port.postMessage({ id: msg.id, result })
  })
})
port.postMessage({ ready: true })
