/**
 * Y05 at ingest and at settle. Ingest: a report's comparable sentences are stored with it and it is
 * marked pending (store/copies.ts copyPendingMigration). Settle: first the pending reports'
 * postings and LSH buckets (rules/copies.ts) go into the index, thousands at a time (flushCopies);
 * then the reports whose cross-year findings are recomputed get their Y05 again, from the pairs the
 * index proposes — never from all pairs — and so do the other units' reports that now have one of
 * them as a partner (same year, or the year after).
 *
 * The index's upkeep is kept to a few statements per chunk of reports (bench/RESULTS.md, issue
 * #23): the sentences already saturated are known from a set held in memory; the units of the
 * others are read in one query per 5,000 sentences and counted here; every row goes in with a
 * multi-row statement, in key order.
 */
import type { SectionInfo } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import {
  BOILERPLATE_UNITS,
  COPY_SECTIONS,
  COPY_SHARE,
  MIN_BANDS,
  bucketKey,
  bucketSection,
  copiedFinding,
  ownSentences,
  preparedBandKeys,
  sentenceHash,
  shingledShare,
  shingledText,
  prepareCopy,
  type CopyPrepared,
  type ShingledText,
  type CopySection,
  type CopyText
} from '../rules/copies'
import type { Db, SqlValue } from '../store/db'
import {
  CROWDED_BUCKET,
  SATURATED,
  copyCandidates,
  copyReports,
  copySectionsJson,
  copyTexts,
  copyUnits,
  clearPendingCopies,
  insertBuckets,
  insertPostings,
  insertSaturated,
  pendingCopies,
  reportAgencies,
  replaceCopyBuckets,
  stageCopyTexts,
  saturatedSentences,
  sentenceAgencies,
  type CopyReport,
  type ReportKeys
} from '../store/copies'
import { findingRows } from '../store/findings'

/**
 * The saturated sentences of each open database, loaded once: the set only grows (a saturated
 * sentence stays the template's), and is dropped when a transaction that added to it rolls back.
 */
const saturatedOf = new WeakMap<Db, Set<number>>()

async function saturated(db: Db): Promise<Set<number>> {
  let set = saturatedOf.get(db)
  if (!set) saturatedOf.set(db, (set = new Set(await saturatedSentences(db))))
  return set
}

/**
 * The units writing each of `hashes` (from the postings), and the unit of each of `agencyKeys`
 * (store/copies.ts copyUnits: a merge or a roster unit makes several agencies one).
 */
async function unitsOf(
  db: Db,
  hashes: number[],
  agencyKeys: string[],
  /** Reports' agencies already read (store/copies.ts reportAgencies). */
  known?: Map<number, string>
): Promise<{ units: Map<number, Set<string>>; unitOf: Map<string, string> }> {
  const agencies =
    hashes.length > 0 ? await sentenceAgencies(db, hashes, known) : new Map<number, string[]>()
  const unitOf = await copyUnits(db, [...agencyKeys, ...[...agencies.values()].flat()])
  const units = new Map<number, Set<string>>()
  for (const [h, keys] of agencies) units.set(h, new Set(keys.map(k => unitOf.get(k)!)))
  return { units, unitOf }
}

/**
 * Stores the sentences of freshly written reports and marks them pending (inside the ingest
 * transaction); their postings and buckets are written by flushCopies before the next settle.
 */
export async function stageCopies(
  db: Db,
  reports: { id: number; copyJson: string }[]
): Promise<void> {
  if (reports.length === 0) return
  const started = performance.now()
  await stageCopyTexts(
    db,
    reports.map(r => [r.id, r.copyJson])
  )
  copyCounters.indexMs += performance.now() - started
}

/**
 * Reports indexed per transaction by flushCopies. The postings and buckets have random keys: each
 * commit writes every page its rows touch, so the fewer commits the better, while the chunk's
 * prepared signatures (~2.5 KB a report) stay small (bench/RESULTS.md).
 */
const FLUSH_REPORTS = 10000

/**
 * Writes the postings and buckets of every pending report (pipeline/settle.ts settleDirty, before
 * anything reads them), FLUSH_REPORTS a transaction. Returns the number of reports indexed.
 */
export async function flushCopies(db: Db): Promise<number> {
  let indexed = 0
  for (;;) {
    // Timed with the commit: writing the pages the rows dirtied is the index's upkeep.
    const started = performance.now()
    const n = await db.transaction(async () => {
      const rows = await pendingCopies(db, FLUSH_REPORTS)
      if (rows.length === 0) return 0
      const agencyOf = await reportAgencies(
        db,
        rows.map(r => r.id)
      )
      const last = rows.at(-1)!.id
      const reports = []
      // Each text let go once prepared: at 100,000 reports the chunk's texts, parsed and not, were
      // most of the app's peak memory (bench/RESULTS.md).
      for (const r of rows) {
        const agencyKey = agencyOf.get(r.id)
        if (agencyKey !== undefined && r.text !== null)
          reports.push({ id: r.id, agencyKey, copy: prepareCopy(JSON.parse(r.text) as CopyText) })
        r.text = null
      }
      await indexCopies(db, reports, agencyOf)
      await clearPendingCopies(db, last)
      return rows.length
    })
    copyCounters.indexMs += performance.now() - started
    if (n === 0) return indexed
    indexed += n
  }
}

/** Writes the postings and buckets of `reports` (inside the caller's transaction). */
async function indexCopies(
  db: Db,
  reports: { id: number; agencyKey: string; copy: CopyPrepared }[],
  agencyOf: Map<number, string>
): Promise<void> {
  if (reports.length === 0) return
  const sat = await saturated(db)
  const hashesOf = reports.map(r => {
    const set = new Set<number>()
    for (const s of COPY_SECTIONS) for (const h of r.copy.hashes[s]) if (!sat.has(h)) set.add(h)
    return set
  })
  // Who writes each sentence not yet saturated: from the postings, then these reports.
  const { units, unitOf } = await unitsOf(
    db,
    hashesOf.flatMap(h => [...h]),
    reports.map(r => r.agencyKey),
    agencyOf
  )
  // These reports' units per sentence: most of their sentences are theirs alone, held as the
  // unit's key rather than a Set (a Set per sentence, 150,000 per 10,000 reports, kept the garbage
  // collector busy for a tenth of the flush).
  const mine = new Map<number, string | Set<string>>()
  for (const [i, r] of reports.entries()) {
    const unit = unitOf.get(r.agencyKey)!
    for (const h of hashesOf[i]!) {
      const known = units.get(h)
      if (known) {
        known.add(unit)
        continue
      }
      const v = mine.get(h)
      if (v === undefined) mine.set(h, unit)
      else if (typeof v !== 'string') v.add(unit)
      else if (v !== unit) mine.set(h, new Set([v, unit]))
    }
  }
  const unitCount = (h: number): number => {
    const v = units.get(h) ?? mine.get(h)
    return v === undefined ? 0 : typeof v === 'string' ? 1 : v.size
  }
  const newlySaturated: number[] = []
  for (const [h, set] of units) if (set.size >= SATURATED) newlySaturated.push(h)
  for (const [h, v] of mine)
    if (typeof v !== 'string' && v.size >= SATURATED) newlySaturated.push(h)
  if (newlySaturated.length > 0) {
    db.onRollback(() => saturatedOf.delete(db))
    for (const h of newlySaturated) sat.add(h)
  }
  // A sentence saturated by these reports is the template's for good: nothing reads its postings
  // again (store/copies.ts SATURATED), so these reports write none. SQLite writes the postings
  // (on its own thread) while the buckets are computed here.
  const postings: ReportKeys = reports.map((r, i) => [
    r.id,
    newlySaturated.length > 0 ? [...hashesOf[i]!].filter(h => !sat.has(h)) : [...hashesOf[i]!]
  ])
  const written = insertPostings(db, postings)
  written.catch(() => undefined)
  // Boilerplate as the collection knows it now, these reports included: the signature leaves out
  // the template's sentences, so template-only sections never meet in a bucket.
  const boiler = (h: number): boolean => sat.has(h) || unitCount(h) >= BOILERPLATE_UNITS
  const buckets = reports.map((r): [number, number[]] => [r.id, bucketKeysOf(r.copy, boiler)])
  await written
  await insertSaturated(db, newlySaturated)
  await insertBuckets(db, buckets)
}

/** A report's LSH bucket keys (both sections) from its prepared signatures. */
function bucketKeysOf(copy: CopyPrepared, boiler: (h: number) => boolean): number[] {
  const keys: number[] = []
  for (const s of COPY_SECTIONS)
    for (const [band, bucket] of preparedBandKeys(s, copy, boiler))
      keys.push(bucketKey(band, bucket))
  return keys
}

/**
 * The LSH buckets of stored reports made again from their stored sentences, with the units of
 * each sentence as they are now (after a merge or a roster change: pipeline/admin.ts). Inside the
 * caller's transaction.
 */
export async function rebandCopies(db: Db, reportIds: number[]): Promise<void> {
  for (let i = 0; i < reportIds.length; i += 500) {
    const chunk = reportIds.slice(i, i + 500)
    const prepared = [...(await copyTexts(db, chunk))].map(
      ([id, text]) => [id, prepareCopy(JSON.parse(text) as CopyText)] as const
    )
    const sat = await saturated(db)
    const hashes = prepared.flatMap(([, p]) =>
      COPY_SECTIONS.flatMap(s => p.hashes[s]).filter(h => !sat.has(h))
    )
    const { units } = await unitsOf(db, hashes, [])
    const boiler = (h: number): boolean =>
      sat.has(h) || (units.get(h)?.size ?? 0) >= BOILERPLATE_UNITS
    await replaceCopyBuckets(
      db,
      chunk,
      prepared.map(([id, p]) => [id, bucketKeysOf(p, boiler)])
    )
  }
}

/**
 * Since the process started: pairs compared, and the time spent indexing (ingest) and settling
 * Y05 — the bench reports them (bench/index.ts), beside the ingest with Y05 switched off.
 */
export const copyCounters = { compared: 0, indexMs: 0, settleMs: 0, settleCpuMs: 0 }

/** CPU of this process (all its threads: SQLite's and any busy worker's too) since `from`, in ms. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from)
  return (d.user + d.system) / 1000
}

/** Y05 rows come after a report's other cross-year findings (Y01–Y04 number from 0). */
const Y05_SEQ = 1000

export interface CopySettle {
  /** Findings rows (source 'years') to insert. */
  inserts: SqlValue[][]
  /** Reports outside `targets` whose Y05 is recomputed: their old Y05 must go first. */
  partners: number[]
  /** Number of candidate pairs compared. */
  compared: number
}

type Unit = CopyReport & { unit: string }

/**
 * Y05 for `targets` (whose 'years' findings were cleared) and for the reports that have one of
 * them as a partner.
 */
export async function settleCopies(
  db: Db,
  targets: number[],
  /** Bucket sizes for a settle of many reports (store/copies.ts bucketSizes). */
  sizes?: string
): Promise<CopySettle> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const targetSet = new Set(targets)
  const meta = new Map<number, Unit>()
  const load = async (ids: number[]): Promise<void> => {
    const rows = await copyReports(
      db,
      ids.filter(id => !meta.has(id))
    )
    const units = await copyUnits(
      db,
      [...rows.values()].map(r => r.agencyKey)
    )
    for (const [id, r] of rows) meta.set(id, { ...r, unit: units.get(r.agencyKey)! })
  }
  const first = await copyCandidates(db, targets, MIN_BANDS, CROWDED_BUCKET, sizes)
  await load([...targets, ...first.map(c => c.other)])
  // Reports that now (or no longer) have a target as a partner: the same year, or the year after.
  const partners = new Set<number>()
  for (const c of first) {
    const [t, o] = [meta.get(c.target), meta.get(c.other)]
    if (!t || !o || targetSet.has(o.id) || o.unit === t.unit) continue
    if (o.year === t.year || o.year === t.year + 1) partners.add(o.id)
  }
  const second = await copyCandidates(db, [...partners], MIN_BANDS, CROWDED_BUCKET, sizes)
  await load(second.map(c => c.other))

  // The pairs to compare: the other unit's report of the same or the previous year.
  const byTarget = new Map<number, { o: Unit; section: CopySection }[]>()
  for (const c of [...first, ...second]) {
    const me = meta.get(c.target)
    const o = meta.get(c.other)
    if (!me || !me.live || !o || !o.live || o.unit === me.unit) continue
    if (o.year !== me.year && o.year !== me.year - 1) continue
    const list = byTarget.get(c.target) ?? []
    list.push({ o, section: bucketSection(c.key) })
    byTarget.set(c.target, list)
  }
  // Only the reports of those pairs are read and counted (a whole collection settles at once).
  const needed = new Set<number>()
  for (const [id, list] of byTarget) {
    needed.add(id)
    for (const c of list) needed.add(c.o.id)
  }
  const texts = new Map<number, CopyText>()
  const hashes: number[] = []
  for (const [id, text] of await copyTexts(db, [...needed])) {
    const t = JSON.parse(text) as CopyText
    texts.set(id, t)
    for (const s of COPY_SECTIONS) for (const x of t[s]) hashes.push(sentenceHash(x))
  }
  const sat = await saturated(db)
  const { units } = await unitsOf(
    db,
    hashes.filter(h => !sat.has(h)),
    []
  )
  const boiler = (h: number): boolean =>
    sat.has(h) || (units.get(h)?.size ?? 0) >= BOILERPLATE_UNITS
  // Each section's own text shingled once, however many pairs it is in.
  const own = new Map<string, ShingledText>()
  const ownOf = (id: number, s: CopySection): ShingledText => {
    const k = `${id}:${s}`
    let v = own.get(k)
    if (!v) own.set(k, (v = shingledText(ownSentences(texts.get(id)?.[s] ?? [], boiler))))
    return v
  }

  let compared = 0
  const hitsOf: { id: number; section: CopySection; best: Unit; share: number; others: number }[] =
    []
  const done = new Set<number>()
  for (const id of [...targets, ...partners]) {
    const me = meta.get(id)
    if (!me || !me.live || done.has(id)) continue
    done.add(id)
    for (const section of COPY_SECTIONS) {
      const seen = new Set<number>()
      const hits: { o: Unit; share: number }[] = []
      for (const c of byTarget.get(id) ?? []) {
        if (c.section !== section || seen.has(c.o.id)) continue
        seen.add(c.o.id)
        compared++
        const share = shingledShare(ownOf(id, section), ownOf(c.o.id, section))
        if (share !== null && share >= COPY_SHARE) hits.push({ o: c.o, share })
      }
      if (hits.length === 0) continue
      hits.sort(
        (a, b) => b.share - a.share || b.o.year - a.o.year || (a.o.path < b.o.path ? -1 : 1)
      )
      hitsOf.push({ id, section, best: hits[0]!.o, share: hits[0]!.share, others: hits.length - 1 })
    }
  }
  // Where each section found copied begins (its heading line): read for those reports only.
  const sections = await copySectionsJson(
    db,
    hitsOf.map(h => h.id)
  )
  const inserts: SqlValue[][] = []
  const byReport = new Map<number, Finding[]>()
  for (const h of hitsOf) {
    const list = byReport.get(h.id) ?? []
    list.push(
      copiedFinding(
        h.section,
        headingLine(sections.get(h.id) ?? null, h.section),
        { agency: h.best.agency, year: h.best.year, file: h.best.path },
        h.share,
        h.others
      )
    )
    byReport.set(h.id, list)
  }
  for (const [id, list] of byReport) {
    inserts.push(
      ...findingRows(id, 'years', list).map(r =>
        r.map((v, i) => (i === 2 ? Y05_SEQ + (v as number) : v))
      )
    )
  }
  copyCounters.compared += compared
  copyCounters.settleMs += performance.now() - started
  copyCounters.settleCpuMs += cpuMsSince(cpu)
  return { inserts, partners: [...partners], compared }
}

function headingLine(sectionsJson: string | null, id: CopySection): number | undefined {
  if (!sectionsJson) return undefined
  try {
    return (JSON.parse(sectionsJson) as SectionInfo[]).find(s => s.id === id)?.line
  } catch {
    return undefined
  }
}
