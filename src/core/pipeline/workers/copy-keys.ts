/**
 * Y05's bucket keys made in a worker thread (pipeline/copy-keys.ts makeKeysOffThread): each
 * message a chunk of reports' stored sentences, each answer their keys, made with the boilerplate
 * the index knew when it asked (workerData).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { keysOf, type CopyText } from '../../rules/copies'
import { copyTextValue } from '../../store/copies'

/** A chunk of reports' stored sentences (store/copies.ts copyTextRows). */
export interface KeysJob {
  ids: number[]
  texts: (string | Uint8Array)[]
}

/** Their keys: report ids[i]'s are keys from ends[i - 1] (0 for the first) to ends[i]. */
export interface KeysDone {
  ids: Float64Array
  ends: Uint32Array
  keys: Float64Array
}

const port = parentPort
if (port) {
  const boiler = new Set((workerData as { boilerplate: Float64Array }).boilerplate)
  const isBoilerplate = (h: number): boolean => boiler.has(h)
  port.on('message', (job: KeysJob) => {
    const all: number[] = []
    const ends = new Uint32Array(job.ids.length)
    for (let i = 0; i < job.ids.length; i++) {
      for (const k of keysOf(JSON.parse(copyTextValue(job.texts[i]!)) as CopyText, isBoilerplate))
        all.push(k)
      ends[i] = all.length
    }
    const [ids, keys] = [Float64Array.from(job.ids), Float64Array.from(all)]
    const done: KeysDone = { ids, ends, keys }
    port.postMessage(done, [ids.buffer, ends.buffer, keys.buffer])
  })
}
