/**
 * Starts a parse worker from source (tsx, vitest, the CLI and bench) and loads the worker script
 * named in workerData.tsEntry. The worker is started without the parent's tsx (pipeline-pool.ts
 * passes an empty execArgv) and compiles only our TypeScript: tsx's require() hook for the .ts
 * files, and pipeline-worker-hooks.mjs for the Word and PDF readers that extract/index.ts imports
 * on first use. Under tsx's full loader, pdfjs itself went through tsx too: with its source maps it
 * held ~90 MB more per thread, and two workers reading PDFs peaked at 1.35 GB instead of ~0.5
 * (bench/, issue #8). Without any import hook, every PDF, Word and WPS file in a folder of 200 or
 * more got an M03 "Cannot find module" (test/pool.test.ts). The built app runs pipeline-worker.js.
 */
import { createRequire, register } from 'node:module'
import { workerData } from 'node:worker_threads'
import { register as registerCjs } from 'tsx/cjs/api'

registerCjs()
register('./worker-hooks.mjs', import.meta.url)
createRequire(import.meta.url)(workerData.tsEntry)
