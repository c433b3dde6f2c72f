/**
 * Y05 at ingest and at settle. Ingest: a report's comparable sentences are stored with it
 * (stageCopies). Settle: the index in memory (pipeline/copy-index.ts) takes in what was stored
 * since, then the reports whose cross-year findings are recomputed get their Y05 again, from the
 * pairs the index proposes — never from all pairs — and so do the other units' reports that now
 * have one of them as a partner (same year, or the year after).
 */
import type { SectionInfo } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import {
  COPY_SECTIONS,
  COPY_SHARE,
  copiedFinding,
  type CopySection,
  type CopyText
} from '../rules/copies'
import type { Db, SqlValue } from '../store/db'
import {
  agencyYearsOf,
  clearCopiesDue,
  copiesDue,
  copyReports,
  copySectionsJson,
  copyTexts,
  dueWithCopyFindings,
  stageCopyTexts,
  type CopyReport
} from '../store/copies'
import { deleteRuleFindings, FINDING_INSERT, findingRows, refreshCounts } from '../store/findings'
import { copyCounters, copyIndex, indexStaged, textHashes } from './copy-index'
import { OwnTexts } from './copy-pairs'

export { copyCounters }

/**
 * Stores the sentences of freshly written reports and puts them into the index (inside the ingest
 * transaction), with their sentences' keys made in the parse worker (pipeline/batch.ts toReady)
 * or, for a report without, made here.
 */
export async function stageCopies(
  db: Db,
  reports: { id: number; agencyKey: string; copyJson: string; hashes?: number[] | null }[]
): Promise<void> {
  if (reports.length === 0) return
  await indexStaged(
    db,
    reports.map(r => ({
      id: r.id,
      agencyKey: r.agencyKey,
      hashes: r.hashes ?? textHashes(JSON.parse(r.copyJson) as CopyText)
    })),
    () =>
      stageCopyTexts(
        db,
        reports.map(r => [r.id, r.copyJson])
      )
  )
}

/**
 * The agency-years to settle again when `agencyKeys` change unit: those of every report of theirs
 * and of every report sharing a sentence not yet saturated with them (how many units write it
 * decides whether it is the template's). Inside the caller's transaction.
 */
export async function copySharers(
  db: Db,
  agencyKeys: string[]
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  return agencyYearsOf(db, (await copyIndex(db)).sharers(agencyKeys), agencyKeys)
}

/**
 * The agency-years of reports sharing an uncrowded bucket with `reportIds` (before those go:
 * store/ingest-batch.ts). Crowded buckets make no pairs, so they name no partners: through them a
 * changed file would send thousands of agency-years to settle again. Asked only for reports that
 * exist: it makes every stale bucket first (a first ingest asking for each batch of new files made
 * 100,000 own-text reports' buckets again and again, 10 s of the ingest's main thread).
 */
export async function copyPartnersOf(
  db: Db,
  reportIds: number[]
): Promise<{ agencyKey: string | null; year: number | null }[]> {
  if (reportIds.length === 0) return []
  return agencyYearsOf(db, (await copyIndex(db)).bucketNeighbours(reportIds))
}

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
 * Due reports (store/copies.ts copy_due) settled this many at a time, each chunk in one
 * transaction: a whole collection of 100,000 in four.
 */
const DUE_CHUNK = 25_000

/**
 * Y05 of every report marked due by the settle's groups (pipeline/settle.ts), and of the reports
 * that have one of them as a partner: their old Y05 out, the new in, the marks cleared, a chunk a
 * transaction. A due report may hold Y05 (a partner of an earlier chunk): it goes first.
 */
export async function settleDueCopies(db: Db, chunk = DUE_CHUNK): Promise<void> {
  for (;;) {
    const full = await db.transaction(async () => {
      const ids = await copiesDue(db, chunk)
      if (ids.length === 0) return false
      const [from, to] = [ids[0]!, ids[ids.length - 1]!]
      const touched = new Set(await dueWithCopyFindings(db, from, to))
      await clearCopiesDue(db, from, to)
      const y05 = await settleCopies(db, ids)
      await deleteRuleFindings(db, y05.partners, 'years', 'Y05')
      await db.runBatched(FINDING_INSERT, y05.inserts)
      for (const id of y05.partners) touched.add(id)
      for (const row of y05.inserts) touched.add(row[0] as number)
      await refreshCounts(db, [...touched])
      return ids.length === chunk
    })
    if (!full) return
  }
}

/**
 * Y05 for `targets` (whose Y05 findings were cleared) and for the reports that have one of them as
 * a partner.
 */
export async function settleCopies(db: Db, targets: number[]): Promise<CopySettle> {
  const index = await copyIndex(db)
  const started = performance.now()
  const cpu = process.cpuUsage()
  const targetSet = new Set(targets)
  const meta = new Map<number, Unit>()
  const load = async (ids: number[]): Promise<void> => {
    const rows = await copyReports(
      db,
      ids.filter(id => !meta.has(id))
    )
    // Units as the index holds them (in step with merges and the roster: copyIndex above), not
    // read again for each of a settle's groups.
    for (const [id, r] of rows) meta.set(id, { ...r, unit: index.unitOf(id) ?? r.agencyKey })
  }
  const first = index.candidates(targets)
  // Only the reports in a pair: most targets have none (100,000 reports, ~12,000 pairs), and
  // reading every target's row cost 1.3 s of a whole collection's settle.
  await load(first.flatMap(c => [c.target, c.other]))
  // Reports that now (or no longer) have a target as a partner: the same year, or the year after.
  const partners = new Set<number>()
  for (const c of first) {
    const [t, o] = [meta.get(c.target), meta.get(c.other)]
    if (!t || !o || targetSet.has(o.id) || o.unit === t.unit) continue
    if (o.year === t.year || o.year === t.year + 1) partners.add(o.id)
  }
  const second = index.candidates(partners)
  await load(second.map(c => c.other))

  // The pairs to compare: the other unit's report of the same or the previous year.
  const byTarget = new Map<number, { o: Unit; section: CopySection }[]>()
  for (const c of [...first, ...second]) {
    const me = meta.get(c.target)
    const o = meta.get(c.other)
    if (!me || !me.live || !o || !o.live || o.unit === me.unit) continue
    if (o.year !== me.year && o.year !== me.year - 1) continue
    const list = byTarget.get(c.target) ?? []
    list.push({ o, section: c.section })
    byTarget.set(c.target, list)
  }
  // The shares the keys worker compared after a first ingest (copy-index.ts keyAhead) are taken;
  // only the reports of the other pairs are read and counted (a whole collection settles at once).
  const known = (id: number, c: { o: Unit; section: CopySection }): number | null | undefined =>
    index.shareOf(id, c.o.id, c.section)
  const needed = new Set<number>()
  for (const [id, list] of byTarget)
    for (const c of list)
      if (known(id, c) === undefined) {
        needed.add(id)
        needed.add(c.o.id)
      }
  const texts = new Map<number, CopyText>()
  for (const [id, text] of await copyTexts(db, [...needed]))
    texts.set(id, JSON.parse(text) as CopyText)
  const own = new OwnTexts(texts, index.isBoilerplate)

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
        const k = known(id, c)
        const share = k === undefined ? own.share(id, c.o.id, section) : k
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
