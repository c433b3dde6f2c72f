/**
 * Y05's bucket keys made in a worker thread (pipeline/copy-keys.ts makeKeysOffThread): each
 * message a chunk of reports' stored sentences, made with the boilerplate the index knew when it
 * asked (workerData). Each chunk's keys are answered as made; or, when the index had no buckets at
 * all (workerData.build: a first ingest, a cold load), the bucket lists themselves are made here
 * and handed over whole at the end, as filing 1.6 million bucket rows took the main thread 1.0–1.4 s
 * at 100,000 own-text reports.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { keysOf, type CopyText } from '../../rules/copies'
import { copyTextValue } from '../../store/copies'
import { IdMultimap, type IdMultimapParts } from '../id-multimap'

/** A chunk of reports' stored sentences (store/copies.ts copyTextRows), or the end of them. */
export type KeysJob = { ids: number[]; texts: (string | Uint8Array)[] } | { end: true }

/**
 * Reports' keys: ids[i]'s are keys from ends[i - 1] (0 for the first) to ends[i]; when built,
 * nodes[j] is where keys[j]'s row sits in `buckets` (IdMultimap.add).
 */
export interface MadeKeys {
  ids: Float64Array
  ends: Uint32Array
  keys: Float64Array
}
/** Every report's keys and the bucket lists made of them (build mode). */
export type BuiltBuckets = MadeKeys & { nodes: Int32Array; buckets: IdMultimapParts }

export type KeysDone = MadeKeys | { filed: true } | { built: BuiltBuckets }

const port = parentPort
if (port) {
  const data = workerData as { boilerplate: Float64Array; build?: boolean }
  const boiler = new Set(data.boilerplate)
  const isBoilerplate = (h: number): boolean => boiler.has(h)
  // Build mode: every report's keys and nodes, and the lists, kept until the end.
  const buckets = data.build ? new IdMultimap(1 << 16) : null
  const allIds: number[] = []
  const allEnds: number[] = []
  const allKeys: number[] = []
  const allNodes: number[] = []
  port.on('message', (job: KeysJob) => {
    if ('end' in job) {
      if (!buckets) return
      const built: BuiltBuckets = {
        ids: Float64Array.from(allIds),
        ends: Uint32Array.from(allEnds),
        keys: Float64Array.from(allKeys),
        nodes: Int32Array.from(allNodes),
        buckets: buckets.parts()
      }
      const b = built.buckets
      port.postMessage({ built } satisfies KeysDone, [
        built.ids.buffer,
        built.ends.buffer,
        built.keys.buffer,
        built.nodes.buffer,
        ...[b.keys, b.heads, b.counts, b.nodeId, b.nodeNext, b.nodePrev].map(a => a.buffer)
      ] as ArrayBuffer[])
      return
    }
    const keys: number[] = buckets ? allKeys : []
    const ends: number[] = buckets ? allEnds : []
    for (let i = 0; i < job.ids.length; i++) {
      const id = job.ids[i]!
      for (const k of keysOf(JSON.parse(copyTextValue(job.texts[i]!)) as CopyText, isBoilerplate)) {
        keys.push(k)
        if (buckets) allNodes.push(buckets.add(k, id))
      }
      ends.push(keys.length)
      if (buckets) allIds.push(id)
    }
    // Filed: said so, for the next chunk to come (at most a couple wait here).
    if (buckets) return port.postMessage({ filed: true } satisfies KeysDone)
    const made: MadeKeys = {
      ids: Float64Array.from(job.ids),
      ends: Uint32Array.from(ends),
      keys: Float64Array.from(keys)
    }
    port.postMessage(made satisfies KeysDone, [
      made.ids.buffer,
      made.ends.buffer,
      made.keys.buffer
    ] as ArrayBuffer[])
  })
}
