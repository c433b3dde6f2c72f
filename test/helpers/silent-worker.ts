/** A worker that starts but never says so nor answers: for the pool's startup watchdog test. */
import { parentPort } from 'node:worker_threads'

parentPort!.on('message', () => undefined)
