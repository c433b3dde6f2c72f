/**
 * Starts a parse worker from source (tsx, vitest, the CLI and bench): registers tsx for require()
 * and for import() in this thread, then loads the worker script named in workerData.tsEntry.
 * Both hooks are needed: the worker is CommonJS, but the Word and PDF readers are imported on first
 * use (extract/index.ts), and with the require() hook alone every PDF, Word and WPS file in a
 * folder of 200 or more got an M03 "Cannot find module" (test/pool.test.ts). tsx's ESM API cannot
 * be required from an eval'd worker, hence this file. The built app runs pipeline-worker.js instead.
 */
import { createRequire } from 'node:module'
import { workerData } from 'node:worker_threads'
import { register as registerCjs } from 'tsx/cjs/api'
import { register as registerEsm } from 'tsx/esm/api'

registerEsm()
registerCjs()
createRequire(import.meta.url)(workerData.tsEntry)
