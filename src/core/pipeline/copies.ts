/**
 * Y05 at ingest and at settle. Ingest: a report's comparable sentences, their postings and the LSH
 * bands of its sections (rules/copies.ts) go into the index with the report (store/copies.ts).
 * Settle: the reports whose cross-year findings are recomputed get their Y05 again, from the pairs
 * the index proposes — never from all pairs — and so do the other units' reports that now have one
 * of them as a partner (same year, or the year after).
 */
import type { SectionInfo } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import {
  BOILERPLATE_UNITS,
  COPY_SECTIONS,
  COPY_SHARE,
  bandKeys,
  bandSection,
  copiedFinding,
  ownSentences,
  sentenceHash,
  sharedShare,
  type CopySection,
  type CopyText
} from '../rules/copies'
import type { Db, SqlValue } from '../store/db'
import {
  copyCandidates,
  copyReports,
  insertCopyBands,
  insertCopyTexts,
  sentenceUnits,
  type CopyReport
} from '../store/copies'
import { findingRows } from '../store/findings'

/**
 * Units from which a sentence's postings are no longer kept: twice the boilerplate threshold, so
 * that removing a few reports never makes a template sentence look like a unit's own again.
 */
const SATURATED = 2 * BOILERPLATE_UNITS

/** Stores the index rows of freshly written reports (inside the ingest transaction). */
export async function indexCopies(
  db: Db,
  reports: { id: number; agencyKey: string; copy: CopyText }[]
): Promise<void> {
  if (reports.length === 0) return
  const started = performance.now()
  const texts = reports.map(r => [r.id, JSON.stringify(r.copy)])
  const hashesOf = reports.map(
    r => new Set(COPY_SECTIONS.flatMap(s => r.copy[s].map(sentenceHash)))
  )
  const all = [...new Set(hashesOf.flatMap(h => [...h]))]
  // A sentence already in SATURATED units' reports is the template's for good: its postings stop
  // there. Most of a section is such sentences, and their postings were most of Y05's ingest cost
  // (bench/RESULTS.md, issue #23).
  const known = await sentenceUnits(db, all)
  const sentences: SqlValue[][] = []
  for (const [i, r] of reports.entries()) {
    for (const h of hashesOf[i]!)
      if ((known.get(h) ?? 0) < SATURATED) sentences.push([h, r.agencyKey, r.id])
  }
  await insertCopyTexts(db, { texts, sentences })
  // Boilerplate as the collection knows it now, these reports included: the signature leaves out
  // the template's sentences, so template-only sections never meet in a bucket.
  const units = await sentenceUnits(db, all)
  const boiler = (h: number): boolean => (units.get(h) ?? 0) >= BOILERPLATE_UNITS
  const bands: SqlValue[][] = []
  for (const r of reports) {
    for (const s of COPY_SECTIONS)
      for (const [band, bucket] of bandKeys(s, ownSentences(r.copy[s], boiler)))
        bands.push([band, bucket, r.id])
  }
  await insertCopyBands(db, bands)
  copyCounters.indexMs += performance.now() - started
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

type Loaded = CopyReport & { text: string | null }

export interface CopySettle {
  /** Findings rows (source 'years') to insert. */
  inserts: SqlValue[][]
  /** Reports outside `targets` whose Y05 is recomputed: their old Y05 must go first. */
  partners: number[]
  /** Number of candidate pairs compared. */
  compared: number
}

/**
 * Y05 for `targets` (whose 'years' findings were cleared) and for the reports that have one of
 * them as a partner.
 */
export async function settleCopies(db: Db, targets: number[]): Promise<CopySettle> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const targetSet = new Set(targets)
  const first = await copyCandidates(db, targets)
  const meta = await copyReports(db, [...targets, ...first.map(c => c.other)])
  // Reports that now (or no longer) have a target as a partner: the same year, or the year after.
  const partners = new Set<number>()
  for (const c of first) {
    const [t, o] = [meta.get(c.target), meta.get(c.other)]
    if (!t || !o || targetSet.has(o.id) || o.agencyKey === t.agencyKey) continue
    if (o.year === t.year || o.year === t.year + 1) partners.add(o.id)
  }
  const second = await copyCandidates(db, [...partners])
  const more = await copyReports(
    db,
    second.map(c => c.other).filter(id => !meta.has(id))
  )
  for (const [id, r] of more) meta.set(id, r)

  const texts = new Map<number, CopyText>()
  const hashes: number[] = []
  for (const [id, r] of meta) {
    if (!r.text) continue
    const t = JSON.parse(r.text) as CopyText
    texts.set(id, t)
    for (const s of COPY_SECTIONS) for (const x of t[s]) hashes.push(sentenceHash(x))
  }
  const units = await sentenceUnits(db, hashes)
  const boiler = (h: number): boolean => (units.get(h) ?? 0) >= BOILERPLATE_UNITS
  const own = new Map<string, string[]>()
  const ownOf = (id: number, s: CopySection): string[] => {
    const k = `${id}:${s}`
    let v = own.get(k)
    if (!v) own.set(k, (v = ownSentences(texts.get(id)?.[s] ?? [], boiler)))
    return v
  }

  const inserts: SqlValue[][] = []
  let compared = 0
  const byTarget = new Map<number, { other: number; section: CopySection }[]>()
  for (const c of [...first, ...second]) {
    const list = byTarget.get(c.target) ?? []
    list.push({ other: c.other, section: bandSection(c.band) })
    byTarget.set(c.target, list)
  }
  for (const id of [...targets, ...partners]) {
    const me = meta.get(id)
    if (!me || !me.live) continue
    const found: Finding[] = []
    for (const section of COPY_SECTIONS) {
      const seen = new Set<number>()
      const hits: { o: Loaded; share: number }[] = []
      for (const c of byTarget.get(id) ?? []) {
        if (c.section !== section || seen.has(c.other)) continue
        seen.add(c.other)
        const o = meta.get(c.other)
        // The other unit's report of the same or the previous year.
        if (
          !o ||
          !o.live ||
          o.agencyKey === me.agencyKey ||
          (o.year !== me.year && o.year !== me.year - 1)
        )
          continue
        compared++
        const share = sharedShare(ownOf(id, section), ownOf(o.id, section))
        if (share !== null && share >= COPY_SHARE) hits.push({ o, share })
      }
      if (hits.length === 0) continue
      hits.sort(
        (a, b) => b.share - a.share || b.o.year - a.o.year || (a.o.path < b.o.path ? -1 : 1)
      )
      const best = hits[0]!
      found.push(
        copiedFinding(
          section,
          headingLine(me.sectionsJson, section),
          { agency: best.o.agency, year: best.o.year, file: best.o.path },
          best.share,
          hits.length - 1
        )
      )
    }
    inserts.push(
      ...findingRows(id, 'years', found).map(r =>
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
