/**
 * Y05's stale buckets made in a worker thread (workers/copy-keys.ts) while a settle's cross-year
 * groups run on this one (pipeline/copy-index.ts keyAhead). After a first ingest every report's
 * buckets are stale (they leave out the boilerplate, known only once the last report is in):
 * making them here took ~2.5 s of this thread at 100,000 own-text reports, on top of the settle's
 * own work, while the other core waited (bench/RESULTS.md). This thread only reads the stored
 * sentences, a chunk at a time, and hands them over as stored.
 */
import type { Db } from '../store/db'
import { copyTextRows } from '../store/copies'
import { type Logger } from '../logger'
import type { BuiltBuckets, KeysDone, KeysJob, StoredTexts } from './workers/copy-keys'
import type { PairArrays } from './copy-pairs'
import { startWorker, workerEntry, type WorkerEntry } from './workers/entry'

/** Reports read and sent at a time; at most IN_FLIGHT chunks wait in the worker. */
const CHUNK = 2000
const IN_FLIGHT = 2

/**
 * The worker's heap: a couple of chunks' sentences, the boilerplate set and, building, every
 * report's keys and the bucket lists it hands over. A worker past the cap dies (a collection far
 * beyond 100,000), and the buckets are made on the main thread as without it.
 */
const LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 }

export type { BuiltBuckets }

/**
 * Where the keys go: `take`, each report's as its chunk comes back; or, `built`, all of them with
 * the bucket lists and candidate pairs made in the worker, at the end (for an index with no
 * buckets yet), and when it took them (true), the pairs' shares to `shares`.
 */
export type KeysSink =
  | { take: (id: number, keys: Float64Array) => void }
  | { built: (b: BuiltBuckets) => boolean; shares: (shares: Float64Array) => void }

/**
 * The bucket keys of `ids` (rules/copies.ts keysOf), made in a worker with `boilerplate` the
 * template's sentences, given to `sink`; built, with every report's candidate pairs when
 * `opts.pairs` (and their shares once `sink.built` took them). Resolves true once all are made;
 * false when no worker could start or it failed (the caller makes the rest). Never rejects.
 */
export function makeKeysOffThread(
  db: Db,
  ids: number[],
  boilerplate: Float64Array,
  sink: KeysSink,
  opts: { entry?: WorkerEntry; logger?: Logger; pairs?: boolean } = {}
): Promise<boolean> {
  const build = 'built' in sink
  // Built: copy-keys-worker.js (electron.vite.config.ts); from source: workers/copy-keys.ts.
  const entry = opts.entry ?? workerEntry('copy-keys-worker.js', 'copy-keys.ts')
  if (!entry) return Promise.resolve(false)
  const failed = (err: unknown): void =>
    opts.logger?.warn(
      `抄袭比对索引线程出错，改由主线程计算：${err instanceof Error ? err.message : String(err)}`
    )
  let worker: ReturnType<typeof startWorker>
  try {
    worker = startWorker(entry, { boilerplate, build, pairs: build && opts.pairs === true }, LIMITS)
  } catch (err) {
    failed(err)
    return Promise.resolve(false)
  }
  worker.unref()
  return new Promise(resolve => {
    let [sent, answered, reading, done] = [0, 0, true, false]
    let wake: (() => void) | null = null
    const finish = (v: boolean): void => {
      if (done) return
      done = true
      wake?.()
      worker.removeAllListeners()
      void worker.terminate()
      resolve(v)
    }
    worker.on('message', (m: KeysDone) => {
      if (done) return
      if ('shares' in m) {
        if ('built' in sink) sink.shares(m.shares)
        return finish(true)
      }
      if ('built' in m) {
        const pairs = m.built.pairs
        if (!('built' in sink) || !sink.built(m.built) || !pairs) return finish(true)
        // Taken with pairs: the texts of the reports in a pair, for the worker to compare them.
        return void sendPairTexts(pairs).catch(err => {
          failed(err)
          finish(false)
        })
      }
      if ('take' in sink && 'ids' in m)
        for (let i = 0, from = 0; i < m.ids.length; from = m.ends[i]!, i++)
          sink.take(m.ids[i]!, m.keys.subarray(from, m.ends[i]))
      answered++
      if (!build && !reading && answered === sent) finish(true)
      wake?.()
    })
    worker.on('error', err => {
      failed(err)
      finish(false)
    })
    worker.on('exit', code => {
      if (!done) failed(new Error(`exit ${code}`))
      finish(false)
    })
    // Reports' sentences as stored, read here and handed over.
    const storedTexts = async (of: number[]): Promise<StoredTexts> => {
      const rows = await copyTextRows(db, of)
      return { ids: rows.map(r => r.id), texts: rows.map(r => r.text) }
    }
    const sendPairTexts = async (pairs: PairArrays): Promise<void> => {
      const ids = [...new Set([...pairs.target, ...pairs.other])]
      const pairTexts = await storedTexts(ids)
      if (!done) worker.postMessage({ pairTexts } satisfies KeysJob)
    }
    const feed = async (): Promise<void> => {
      for (let i = 0; i < ids.length && !done; i += CHUNK) {
        while (sent - answered >= IN_FLIGHT && !done)
          await new Promise<void>(r => (wake = () => ((wake = null), r())))
        if (done) return
        worker.postMessage((await storedTexts(ids.slice(i, i + CHUNK))) satisfies KeysJob)
        sent++
      }
      reading = false
      if (build) {
        // Answered with the lists once every chunk is filed (messages keep their order).
        if (!done) worker.postMessage({ end: true } satisfies KeysJob)
      } else if (answered === sent) finish(true)
    }
    feed().catch(err => {
      failed(err)
      finish(false)
    })
  })
}
