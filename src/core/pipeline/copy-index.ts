/**
 * Y05's index, held in memory (issue #23, bench/RESULTS.md): for each report with stored sentences
 * (store/copies.ts copy_texts), its unit, its sentences not saturated (postings: how many units
 * write a sentence tells the template's sentences from a copy) and its LSH band buckets.
 *
 * Kept in SQLite, the index's 3 million rows at 100,000 own-text reports cost 30 s to write and
 * 10 s to join into candidate pairs: Y05 added 46 s to the ingest. Here it is made from the stored
 * sentences when a process first needs it (in two passes: every sentence counted first, so a
 * report's buckets leave out what the whole collection says is boilerplate), and follows this
 * connection's writes through a journal (store/copies.ts installCopyJournal): sentences stored or
 * removed, agencies merged, the roster changed. An ingest puts its reports' sentence keys in as it
 * stores them (indexStaged); their buckets, and those of reports whose sentences became (or
 * stopped being) boilerplate since, are made before anything reads buckets (CopyIndex.stale), so a
 * report's buckets do not depend on the order reports came in. It is made again when another
 * connection commits (PRAGMA data_version) or a transaction that changed it rolls back. Nothing in
 * it is the supervisor's: losing it costs the time to make it again. Its lists are typed arrays
 * (id-multimap.ts): ~150 MB at 100,000 own-text reports.
 */
import {
  BOILERPLATE_UNITS,
  COPY_SECTIONS,
  keysOf,
  sentenceHash,
  type CopySection,
  type CopyText
} from '../rules/copies'
import type { Db } from '../store/db'
import { IdMultimap } from './id-multimap'
import { makeKeysOffThread, type BuiltBuckets, type KeysSink } from './copy-keys'
import {
  CROWDED_BUCKET,
  PairScratch,
  candidatePairs,
  pairList,
  type CopyCandidate,
  type PairArrays
} from './copy-pairs'
import type { WorkerEntry } from './workers/entry'
import type { Logger } from '../logger'
import {
  SATURATED,
  clearCopyJournal,
  copyJournal,
  copyTextIds,
  copyTexts,
  copyUnits,
  dataVersion,
  insertSaturated,
  installCopyJournal,
  reportAgencies,
  saturatedSentences,
  type CopyJournalRow
} from '../store/copies'

export { CROWDED_BUCKET, type CopyCandidate }

interface Entry {
  agencyKey: string
  unit: string
  /** Its distinct sentences that were not saturated when it came in. */
  hashes: Float64Array
  /**
   * Its n band buckets (rules/copies.ts bucketKey, both sections), then where it sits in each
   * bucket's list (IdMultimap.removeNode: a crowded bucket's list holds thousands): one array, as
   * 100,000 reports' small arrays were tens of MB of the heap.
   */
  keys: Float64Array
}

const NONE = new Float64Array(0)

/** A report's bucket keys alone. */
const bucketKeys = (e: Entry): Float64Array => e.keys.subarray(0, e.keys.length / 2)

/** A report going in: its unit and its sentences' keys (rules/copies.ts sentenceHash). */
export interface IndexedText {
  id: number
  agencyKey: string
  unit: string
  hashes: Iterable<number>
}

export class CopyIndex {
  private readonly reports = new Map<number, Entry>()
  /** Sentence (not saturated) → the reports holding it. */
  private readonly posts = new IdMultimap(1 << 16)
  /** Band bucket → the reports in it. */
  private buckets = new IdMultimap(1 << 16)
  /** Sentences (not saturated) in BOILERPLATE_UNITS units' reports or more. */
  private readonly boiler = new Set<number>()
  /**
   * Reports whose buckets were made when one of their sentences was (or was not) boilerplate and
   * no longer is (or now is): made again from their stored sentences (copyIndex) before anything
   * reads buckets. So a report's buckets do not depend on the order reports came in.
   */
  readonly stale = new Set<number>()

  constructor(readonly saturated: Set<number>) {}

  /**
   * Moves whenever reports, their units or what is boilerplate may have changed (not when buckets
   * are made): buckets made elsewhere from a snapshot (keyAhead) are good only at the same version.
   */
  version = 0

  /** Reports, units or boilerplate changed: a new version, and the worker's pairs let go. */
  private moved(): void {
    this.version++
    this.ahead = null
  }

  /** Every sentence the template's now (isBoilerplate), for buckets made in another thread. */
  boilerplate(): Float64Array {
    const out = new Float64Array(this.saturated.size + this.boiler.size)
    let i = 0
    for (const h of this.saturated) out[i++] = h
    for (const h of this.boiler) out[i++] = h
    return out
  }

  get size(): number {
    return this.reports.size
  }

  has(id: number): boolean {
    return this.reports.has(id)
  }

  /** The report's bucket rows out of the buckets' lists. */
  private dropKeys(id: number, e: Entry): void {
    this.ahead = null
    const n = e.keys.length / 2
    for (let i = 0; i < n; i++) this.buckets.removeNode(e.keys[i]!, id, e.keys[n + i]!)
    e.keys = NONE
  }

  /** One string per agency and unit (each report's row brought its own copy). */
  private readonly names = new Map<string, string>()
  private intern(s: string): string {
    const v = this.names.get(s)
    if (v !== undefined) return v
    this.names.set(s, s)
    return s
  }

  /** The unit a report counts for (store/copies.ts copyUnits), as the index follows it. */
  unitOf(id: number): string | undefined {
    return this.reports.get(id)?.unit
  }

  /** A report's band buckets (rules/copies.ts bucketKey). */
  bucketsOf(id: number): number[] {
    const e = this.reports.get(id)
    return e ? [...bucketKeys(e)] : []
  }

  /** What it holds (the bench prints it): sentence postings, band rows, buckets. */
  figures(): { postings: number; bandRows: number; buckets: number } {
    let postings = 0
    let bandRows = 0
    for (const e of this.reports.values()) {
      postings += e.hashes.length
      bandRows += e.keys.length / 2
    }
    return { postings, bandRows, buckets: this.buckets.size }
  }

  /** The units writing sentence `h` (0 once saturated: it keeps no postings). */
  unitCount(h: number): number {
    const n = this.posts.count(h)
    if (n < 2) return n
    let first: string | undefined
    let units: Set<string> | undefined
    this.posts.forEach(h, id => {
      const u = this.reports.get(id)!.unit
      if (first === undefined) first = u
      else if (u !== first) (units ??= new Set([first])).add(u)
    })
    return units?.size ?? 1
  }

  /** A sentence the template's: saturated, or in BOILERPLATE_UNITS units' reports. */
  readonly isBoilerplate = (h: number): boolean => this.saturated.has(h) || this.boiler.has(h)

  /**
   * Reports in without their buckets (setKeys after, with the boilerplate as the index knows it
   * then). Returns the sentences saturated by them (the caller stores them).
   */
  addSentences(list: IndexedText[]): number[] {
    this.moved()
    const touched = new Set<number>()
    const incoming = new Set<number>()
    for (const r of list) {
      if (this.reports.has(r.id)) this.remove([r.id])
      incoming.add(r.id)
      if (r.id > this.top) this.top = r.id
      const hashes = new Set<number>()
      for (const h of r.hashes) if (!this.saturated.has(h)) hashes.add(h)
      this.reports.set(r.id, {
        agencyKey: this.intern(r.agencyKey),
        unit: this.intern(r.unit),
        hashes: Float64Array.from(hashes),
        keys: NONE
      })
      for (const h of hashes) {
        this.posts.add(h, r.id)
        if (this.posts.count(h) >= BOILERPLATE_UNITS) touched.add(h)
      }
    }
    // A sentence becomes boilerplate, or saturates (and keeps no postings: nothing counts its
    // units again).
    const newly: number[] = []
    for (const h of touched) {
      const was = this.boiler.has(h)
      if (was && this.posts.count(h) < SATURATED) continue
      const units = this.unitCount(h)
      if (units < BOILERPLATE_UNITS) continue
      if (!was) this.becameBoilerplate(h, incoming)
      if (units < SATURATED) this.boiler.add(h)
      else {
        newly.push(h)
        this.boiler.delete(h)
        this.saturated.add(h)
        this.posts.delete(h)
      }
    }
    return newly
  }

  /** The reports holding `h` (but `except`) have buckets made with `h` in or out: stale. */
  private becameBoilerplate(h: number, except?: Set<number>): void {
    this.posts.forEach(h, id => {
      if (!except?.has(id)) this.stale.add(id)
    })
  }

  /** Sentences' boilerplate counted again (their reports' units changed or some went). */
  private recount(hashes: Iterable<number>): void {
    for (const h of hashes) {
      if (this.saturated.has(h)) continue
      const now = this.unitCount(h) >= BOILERPLATE_UNITS
      if (now === this.boiler.has(h)) continue
      if (now) this.boiler.add(h)
      else this.boiler.delete(h)
      this.becameBoilerplate(h)
    }
  }

  /** Reports out, with their postings and buckets. */
  remove(ids: Iterable<number>): void {
    this.moved()
    const hashes = new Set<number>()
    for (const id of ids) {
      const e = this.reports.get(id)
      if (!e) continue
      // A sentence's list is short (saturated ones keep none): walked.
      for (const h of e.hashes) {
        this.posts.remove(h, id)
        hashes.add(h)
      }
      this.dropKeys(id, e)
      this.reports.delete(id)
      this.stale.delete(id)
    }
    this.recount(hashes)
  }

  /** A report's buckets replaced (made again after its sentences' units changed). */
  setKeys(id: number, keys: ArrayLike<number>): void {
    const e = this.reports.get(id)
    if (!e) return
    this.dropKeys(id, e)
    const n = keys.length
    e.keys = n === 0 ? NONE : new Float64Array(2 * n)
    for (let i = 0; i < n; i++) {
      e.keys[i] = keys[i]!
      e.keys[n + i] = this.buckets.add(keys[i]!, id)
    }
    this.stale.delete(id)
  }

  /** No report has buckets yet (all stale: a first ingest, a cold load). */
  unkeyed(): boolean {
    return this.buckets.size === 0 && this.stale.size === this.reports.size
  }

  /**
   * Every report's buckets at once, made in a worker (pipeline/copy-keys.ts) for this index when
   * it was unkeyed, at this version; false (nothing taken) if it no longer is.
   */
  adoptBuckets(b: BuiltBuckets): boolean {
    if (!this.unkeyed()) return false
    this.ahead = null
    this.buckets = IdMultimap.fromParts(b.buckets)
    for (let i = 0, from = 0; i < b.ids.length; from = b.ends[i]!, i++) {
      const id = b.ids[i]!
      const e = this.reports.get(id)
      const n = b.ends[i]! - from
      this.stale.delete(id)
      if (!e || n === 0) continue
      e.keys = new Float64Array(2 * n)
      e.keys.set(b.keys.subarray(from, from + n))
      for (let j = 0; j < n; j++) e.keys[n + j] = b.nodes[from + j]!
    }
    return true
  }

  /** Reports' agencies (`agencyOf`) and agencies' units (`unitOf`) changed: a merge, the roster. */
  setUnits(agencyOf: Map<number, string>, unitOf: Map<string, string>): void {
    this.moved()
    const hashes = new Set<number>()
    for (const [id, e] of this.reports) {
      const unit = e.unit
      e.agencyKey = agencyOf.get(id) ?? e.agencyKey
      e.unit = this.intern(unitOf.get(e.agencyKey) ?? e.unit)
      if (e.unit !== unit) for (const h of e.hashes) hashes.add(h)
    }
    this.recount(hashes)
  }

  agencyKeys(): string[] {
    return [...new Set([...this.reports.values()].map(e => e.agencyKey))]
  }

  /**
   * Candidate pairs of `targets` (either side any report in the index): sections sharing at least
   * MIN_BANDS band buckets that are not crowded (pipeline/copy-pairs.ts). Those of every report,
   * when the keys worker made them for this index as it is now, are only picked out.
   */
  candidates(targets: Iterable<number>): CopyCandidate[] {
    const a = this.ahead
    if (a) {
      const wanted = new Set(targets)
      return a.pairs.filter(p => wanted.has(p.target))
    }
    this.scratch.fit(this.top)
    return candidatePairs(
      this.buckets,
      this.reports.size,
      targets,
      t => {
        const e = this.reports.get(t)
        return e && bucketKeys(e)
      },
      this.scratch
    )
  }

  /** The highest report id ever in (the candidates' arrays are indexed by id). */
  private top = 0
  private readonly scratch = new PairScratch()

  /**
   * Every report's candidate pairs and their shares (pipeline/copy-pairs.ts OwnTexts.share; NaN:
   * null), made in the keys worker after a first ingest or a cold load (keyAhead): let go as soon
   * as the index moves (moved) or any report's buckets change (dropKeys).
   */
  private ahead: { pairs: CopyCandidate[]; shares: Map<string, number> } | null = null

  /** Every report's candidate pairs, made elsewhere from the buckets this index now holds. */
  adoptPairs(pairs: PairArrays): void {
    this.ahead = { pairs: pairList(pairs), shares: new Map() }
  }

  /** The shares of the pairs adoptPairs took, in their order; false if those are no longer good. */
  adoptShares(shares: Float64Array): boolean {
    const a = this.ahead
    if (!a || shares.length !== a.pairs.length) return false
    a.pairs.forEach((p, i) => a.shares.set(`${p.target}:${p.other}:${p.section}`, shares[i]!))
    return true
  }

  /**
   * The share of `target`'s section in `other`'s as the keys worker compared it (null: too short);
   * undefined when not known here.
   */
  shareOf(target: number, other: number, section: CopySection): number | null | undefined {
    const v = this.ahead?.shares.get(`${target}:${other}:${section}`)
    return v === undefined ? undefined : Number.isNaN(v) ? null : v
  }

  /**
   * The reports sharing an uncrowded bucket with one of `ids` (any section, any number of bands:
   * before a file goes, everyone who may have had it as a partner).
   */
  bucketNeighbours(ids: Iterable<number>): number[] {
    const out = new Set<number>()
    for (const id of ids) {
      const e = this.reports.get(id)
      for (const k of e ? bucketKeys(e) : NONE) {
        const n = this.buckets.count(k)
        if (n < 2 || n > CROWDED_BUCKET) continue
        this.buckets.forEach(k, o => {
          if (o !== id) out.add(o)
        })
      }
    }
    return [...out]
  }

  /**
   * The reports of `agencyKeys` and those sharing a sentence (not saturated) with them: when those
   * agencies' unit changes, how many units write such a sentence changes, and with it what is
   * boilerplate for every report holding it.
   */
  sharers(agencyKeys: string[]): number[] {
    const wanted = new Set(agencyKeys)
    const out = new Set<number>()
    for (const [id, e] of this.reports) {
      if (!wanted.has(e.agencyKey)) continue
      out.add(id)
      for (const h of e.hashes) this.posts.forEach(h, o => out.add(o))
    }
    return [...out]
  }
}

/** Reports' stored sentences read this many at a time (their JSON parsed, then let go). */
const READ_REPORTS = 5000

/** Each open database's index, and the data_version it was made or last followed at. */
const held = new WeakMap<Db, { index: CopyIndex; version: number }>()

/**
 * Since the process started: pairs compared, reports read into an index from scratch, and the time
 * spent indexing (storing sentences at ingest, making and following the index) and settling Y05 —
 * the bench reports them (bench/index.ts), beside the ingest with Y05 switched off.
 */
export const copyCounters = {
  compared: 0,
  loaded: 0,
  /** Reports whose buckets were made (once each in a first ingest; again when they go stale). */
  keyed: 0,
  /** Of those, made in a worker thread while the settle's cross-year groups ran (keyAhead). */
  keyedAhead: 0,
  /**
   * Candidate pairs compared in that worker (every report's, both ways, whatever their units and
   * years: the settle then picks out those it compares, counted in `compared`).
   */
  comparedAhead: 0,
  indexMs: 0,
  settleMs: 0,
  settleCpuMs: 0
}

/**
 * The database's index, in step with what it holds, every report's buckets made with what is
 * boilerplate now. Called inside a transaction (the journal and what it reads are one snapshot;
 * a rollback drops the index, made again at the next call).
 */
export async function copyIndex(db: Db): Promise<CopyIndex> {
  const started = performance.now()
  try {
    const index = await inStep(db)
    await takeAhead(db)
    if (index.stale.size > 0) {
      db.onRollback(() => held.delete(db))
      await rekey(db, index, [...index.stale])
    }
    return index
  } finally {
    copyCounters.indexMs += performance.now() - started
  }
}

/**
 * Stale reports from this many on have their buckets made in a worker (keyAhead). Fewer are made
 * here sooner than a worker starts: 10,000 took ~0.25 s, and a first file into a new process took
 * ~0.3 s longer with the worker started from source (bench/RESULTS.md).
 */
export const KEY_AHEAD = 20_000

/** Buckets being made in a worker: `done` once it has answered (or failed). */
const ahead = new WeakMap<Db, { done: Promise<boolean>; finished: boolean }>()

/**
 * When KEY_AHEAD reports or more have stale buckets (a first ingest: all of them), starts making
 * them in a worker thread (pipeline/copy-keys.ts): a settle calls this before its cross-year
 * groups (pipeline/settle.ts), which run on this thread while the worker uses the other core.
 * An index with no buckets yet (a first ingest, a cold load) takes the bucket lists the worker
 * made, whole, when it is done; else each chunk's reports are filed here as it comes back. Either
 * only while the index is the one the worker was given, at the same version (no report, unit or
 * boilerplate changed: the buckets are what copyIndex would make now); after any change the rest
 * are let go, and the next copyIndex makes what is still stale. With `pairs` (a settle of
 * KEY_AHEAD agency-years or more: pipeline/settle.ts), an index taking the lists whole takes every
 * report's candidate pairs and their shares too (CopyIndex.candidates, shareOf); not for a few
 * (a first file into a new process waited 1.5 s more for them at 100,000). Its own transaction:
 * the index followed to what the database holds first. Returns the index being keyed (null:
 * none).
 */
export async function keyAhead(
  db: Db,
  opts: { min?: number; entry?: WorkerEntry; logger?: Logger; pairs?: boolean } = {}
): Promise<CopyIndex | null> {
  const min = opts.min ?? KEY_AHEAD
  // One at a time (a finished one no copyIndex took since, a settle with nothing due, is over).
  if (ahead.get(db)?.finished === false) return null
  // Held with few stale (a file saved into a watched folder): no transaction of its own. Were the
  // index out of step, copyIndex would make its buckets here, as without a worker.
  const h = held.get(db)
  if (h && h.index.stale.size < min) return null
  const index = await db.transaction(() => inStep(db))
  if (index.stale.size < min) return null
  const version = index.version
  const same = (): boolean => held.get(db)?.index === index && index.version === version
  const ids = [...index.stale]
  // An index without buckets takes them whole from the worker, lists and all; else each chunk's
  // reports are filed here as it comes back.
  const sink: KeysSink = index.unkeyed()
    ? {
        built: b => {
          if (!same() || !index.adoptBuckets(b)) return false
          copyCounters.keyed += b.ids.length
          copyCounters.keyedAhead += b.ids.length
          if (!b.pairs) return false
          index.adoptPairs(b.pairs)
          return true
        },
        shares: s => {
          if (same() && index.adoptShares(s)) copyCounters.comparedAhead += s.length
        }
      }
    : {
        take: (id, keys) => {
          if (!same() || !index.stale.has(id)) return
          index.setKeys(id, keys)
          copyCounters.keyed++
          copyCounters.keyedAhead++
        }
      }
  const a = { done: makeKeysOffThread(db, ids, index.boilerplate(), sink, opts), finished: false }
  void a.done.then(() => (a.finished = true))
  ahead.set(db, a)
  return index
}

/** The worker keyAhead started waited for: copyIndex makes what it did not. */
async function takeAhead(db: Db): Promise<void> {
  const a = ahead.get(db)
  if (!a) return
  ahead.delete(db)
  await a.done
}

/**
 * Reports whose sentences are being stored (the ingest's transaction: pipeline/copies.ts
 * stageCopies) go into the index from their sentences' keys in hand (made in the parse worker)
 * once `store` has written their rows (not journalled: store/copies.ts installCopyJournal). Their
 * buckets are made by the next copyIndex (the settle), once, from their stored sentences:
 * made as each batch went in, a later report made two thirds of them stale again (100,000
 * own-text reports: 10 s of making buckets again on top of 5 s of making them).
 */
export async function indexStaged(
  db: Db,
  reports: { id: number; agencyKey: string; hashes: number[] }[],
  store: () => Promise<void>
): Promise<void> {
  const started = performance.now()
  try {
    const index = await inStep(db)
    db.onRollback(() => held.delete(db))
    await store()
    // The agencies come with the reports (they were just written): one read less a batch.
    const agencyOf = new Map(reports.map(r => [r.id, r.agencyKey]))
    const unitOf = await copyUnits(db, [...new Set(agencyOf.values())])
    await addHashes(db, index, reports, { agencyOf, unitOf })
  } finally {
    copyCounters.indexMs += performance.now() - started
  }
}

/**
 * The index made (every report's buckets stale), or this connection's journal followed; stale
 * buckets left for copyIndex.
 */
async function inStep(db: Db): Promise<CopyIndex> {
  const version = await dataVersion(db)
  const h = held.get(db)
  if (h && h.version === version) {
    const journal = await copyJournal(db)
    if (journal.length > 0) {
      db.onRollback(() => held.delete(db))
      await follow(db, h.index, journal)
      await clearCopyJournal(db)
    }
    return h.index
  }
  held.delete(db)
  db.onRollback(() => held.delete(db))
  await installCopyJournal(db)
  await clearCopyJournal(db)
  const index = new CopyIndex(new Set(await saturatedSentences(db)))
  const ids = await copyTextIds(db)
  await addStored(db, index, ids)
  held.set(db, { index, version })
  copyCounters.loaded += ids.length
  return index
}

/**
 * The index made or followed, its stale buckets left to make, as an ingest leaves it (bench/:
 * a settle timed alone). Inside a transaction.
 */
export async function loadCopyIndex(db: Db): Promise<CopyIndex> {
  return inStep(db)
}

/** The index dropped (tests; a database closed). */
export function dropCopyIndex(db: Db): void {
  held.delete(db)
}

/** The journal's changes applied: sentences removed, agencies and units moved. */
async function follow(db: Db, index: CopyIndex, journal: CopyJournalRow[]): Promise<void> {
  const texts = new Set<number>()
  const moved = new Set<number>()
  let units = false
  for (const j of journal) {
    if (j.kind === 3) units = true
    else if (j.id === null) continue
    else if (j.kind === 2) moved.add(j.id)
    else texts.add(j.id)
  }
  // Sentences removed; read again in case a row is back under the same id (what the database holds
  // now is what counts).
  index.remove(texts)
  if (units || moved.size > 0) {
    const agencyOf = await reportAgencies(
      db,
      [...moved].filter(id => index.has(id))
    )
    const keys = [...agencyOf.values(), ...(units ? index.agencyKeys() : [])]
    index.setUnits(agencyOf, await copyUnits(db, keys))
  }
  await addStored(db, index, [...texts])
}

/**
 * Stored reports into the index, READ_REPORTS at a time: their sentences counted, their buckets
 * left stale, so that copyIndex makes them once every sentence is counted (made as each came in,
 * 67,164 of 100,000 own-text reports were stale at the end and made again).
 */
async function addStored(db: Db, index: CopyIndex, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  // Agencies and units once for all (a chunk of thousands would read every report's each time).
  const agencyOf = await reportAgencies(db, ids)
  const unitOf = await copyUnits(db, [...new Set(agencyOf.values())])
  for (let i = 0; i < ids.length; i += READ_REPORTS) {
    const rows = await copyTexts(db, ids.slice(i, i + READ_REPORTS))
    await addHashes(
      db,
      index,
      [...rows].map(([id, json]) => ({ id, hashes: textHashes(JSON.parse(json) as CopyText) })),
      { agencyOf, unitOf }
    )
  }
}

/** Every sentence key of a report, both sections (rules/copies.ts sentenceHash). */
export function textHashes(text: CopyText): number[] {
  return COPY_SECTIONS.flatMap(s => text[s].map(sentenceHash))
}

/** Reports into the index, their buckets to be made (stale), with their agencies' units. */
async function addHashes(
  db: Db,
  index: CopyIndex,
  reports: { id: number; hashes: number[] }[],
  { agencyOf, unitOf }: { agencyOf: Map<number, string>; unitOf: Map<string, string> }
): Promise<void> {
  if (reports.length === 0) return
  const list: IndexedText[] = []
  for (const r of reports) {
    const agencyKey = agencyOf.get(r.id)
    if (agencyKey === undefined) continue
    list.push({ id: r.id, agencyKey, unit: unitOf.get(agencyKey)!, hashes: r.hashes })
  }
  await insertSaturated(db, index.addSentences(list))
  for (const r of list) index.stale.add(r.id)
}

/** Stale buckets made again from the reports' stored sentences. */
async function rekey(db: Db, index: CopyIndex, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += READ_REPORTS)
    for (const [id, json] of await copyTexts(db, ids.slice(i, i + READ_REPORTS))) {
      index.setKeys(id, keysOf(JSON.parse(json) as CopyText, index.isBoilerplate))
      copyCounters.keyed++
    }
  // A report without stored sentences any more cannot be stale.
  for (const id of ids) index.stale.delete(id)
}
