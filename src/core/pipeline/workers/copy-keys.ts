/**
 * Y05's bucket keys made in a worker thread (pipeline/copy-keys.ts makeKeysOffThread): each
 * message a chunk of reports' stored sentences, made with the boilerplate the index knew when it
 * asked (workerData). Each chunk's keys are answered as made; or, when the index had no buckets at
 * all (workerData.build: a first ingest, a cold load), the bucket lists themselves are made here
 * and handed over whole at the end, as filing 1.6 million bucket rows took the main thread 1.0–1.4 s
 * at 100,000 own-text reports; with them every report's candidate pairs (pipeline/copy-pairs.ts),
 * and, once the main thread has sent the texts of the reports in them, the pairs' shares: the
 * settle's Y05 step then only picks them out (0.73 s of candidates and 0.33 s of comparisons on
 * the main thread at 100,000, bench/RESULTS.md).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { keysOf, type CopyText } from '../../rules/copies'
import { copyTextValue } from '../../store/copies'
import { IdMultimap, type IdMultimapParts } from '../id-multimap'
import {
  OwnTexts,
  PairScratch,
  candidatePairs,
  pairArrays,
  type CopyCandidate,
  type PairArrays
} from '../copy-pairs'

/** Reports' stored sentences (store/copies.ts copyTextRows). */
export interface StoredTexts {
  ids: number[]
  texts: (string | Uint8Array)[]
}

/**
 * A chunk of reports' stored sentences, or the end of them; built, then the texts of the reports
 * in the pairs, to compare them.
 */
export type KeysJob = StoredTexts | { end: true } | { pairTexts: StoredTexts }

/**
 * Reports' keys: ids[i]'s are keys from ends[i - 1] (0 for the first) to ends[i]; when built,
 * nodes[j] is where keys[j]'s row sits in `buckets` (IdMultimap.add).
 */
export interface MadeKeys {
  ids: Float64Array
  ends: Uint32Array
  keys: Float64Array
}
/** Every report's keys, the bucket lists made of them and its candidate pairs (build mode). */
export type BuiltBuckets = MadeKeys & {
  nodes: Int32Array
  buckets: IdMultimapParts
  /** Asked for (workerData.pairs: a settle of the whole collection), else null. */
  pairs: PairArrays | null
}

/** The pairs' shares in their order (NaN: too short to compare). */
export type KeysDone =
  MadeKeys | { filed: true } | { built: BuiltBuckets } | { shares: Float64Array }

const parse = (text: string | Uint8Array): CopyText => JSON.parse(copyTextValue(text)) as CopyText

const port = parentPort
if (port) {
  const data = workerData as { boilerplate: Float64Array; build?: boolean; pairs?: boolean }
  const boiler = new Set(data.boilerplate)
  const isBoilerplate = (h: number): boolean => boiler.has(h)
  // Build mode: every report's keys and nodes, and the lists, kept until the end.
  const buckets = data.build ? new IdMultimap(1 << 16) : null
  const allIds: number[] = []
  const allEnds: number[] = []
  const allKeys: number[] = []
  const allNodes: number[] = []
  // Build mode, once the buckets are handed over: the pairs, to compare.
  let pairs: CopyCandidate[] | null = null
  port.on('message', (job: KeysJob) => {
    if ('pairTexts' in job) {
      if (!pairs) return
      const texts = new Map<number, CopyText>()
      job.pairTexts.ids.forEach((id, i) => texts.set(id, parse(job.pairTexts.texts[i]!)))
      const own = new OwnTexts(texts, isBoilerplate)
      const shares = new Float64Array(pairs.length)
      pairs.forEach((p, i) => (shares[i] = own.share(p.target, p.other, p.section) ?? NaN))
      port.postMessage({ shares } satisfies KeysDone, [shares.buffer])
      return
    }
    if ('end' in job) {
      if (!buckets) return
      const ids = Float64Array.from(allIds)
      const ends = Uint32Array.from(allEnds)
      const keys = Float64Array.from(allKeys)
      if (data.pairs) pairs = everyPair(buckets, ids, ends, keys)
      const built: BuiltBuckets = {
        ids,
        ends,
        keys,
        nodes: Int32Array.from(allNodes),
        buckets: buckets.parts(),
        pairs: pairs && pairArrays(pairs)
      }
      const b = built.buckets
      const p = built.pairs
      port.postMessage({ built } satisfies KeysDone, [
        built.ids.buffer,
        built.ends.buffer,
        built.keys.buffer,
        built.nodes.buffer,
        ...[b.keys, b.heads, b.counts, b.nodeId, b.nodeNext, b.nodePrev].map(a => a.buffer),
        ...(p ? [p.target, p.other, p.section].map(a => a.buffer) : [])
      ] as ArrayBuffer[])
      return
    }
    const keys: number[] = buckets ? allKeys : []
    const ends: number[] = buckets ? allEnds : []
    for (let i = 0; i < job.ids.length; i++) {
      const id = job.ids[i]!
      for (const k of keysOf(parse(job.texts[i]!), isBoilerplate)) {
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

/** Every report's candidate pairs (each a target: each pair walked once and given both ways). */
function everyPair(
  buckets: IdMultimap,
  ids: Float64Array,
  ends: Uint32Array,
  keys: Float64Array
): CopyCandidate[] {
  const at = new Map<number, number>()
  let top = 0
  for (let i = 0; i < ids.length; i++) {
    at.set(ids[i]!, i)
    if (ids[i]! > top) top = ids[i]!
  }
  const scratch = new PairScratch()
  scratch.fit(top)
  return candidatePairs(
    buckets,
    ids.length,
    ids,
    id => {
      const i = at.get(id)
      return i === undefined ? undefined : keys.subarray(i === 0 ? 0 : ends[i - 1], ends[i])
    },
    scratch
  )
}
