/**
 * Reads for the ranking and the 通报: the years that have reports, and per rule group the open
 * findings' counts with typical real examples (a confirmed finding first, then one that does not
 * cite the app's extracted-text line numbers, which mean nothing to the reader, then the first
 * found). Dismissed findings are never counted or quoted.
 */
import type { AgencyLevel } from '../../../shared/model'
import {
  rankUnits,
  summarizeCoverage,
  type Ranking,
  type ScoreWeights
} from '../../../shared/ranking'
import type { RuleGroup, RuleId } from '../../../shared/rules'
import type { Db } from '../db'
import { UNIT_REPORT, openFindingsFrom, unitYears } from './coverage-summary'
import { createSelection, dropSelection } from './export'

/** Years with at least one current report of a known agency, newest first. */
export async function reportYears(db: Db): Promise<number[]> {
  const rows = await db.all<{ year: number }>(
    `SELECT DISTINCT year FROM reports WHERE status = 'current' AND year IS NOT NULL AND agency_key IS NOT NULL
     ORDER BY year DESC`
  )
  return rows.map(r => r.year)
}

export interface GroupProblems {
  group: RuleGroup
  /** Open findings of the group on the units' current reports. */
  findings: number
  /** Units with at least one. */
  units: number
  /** Rules of the group by count, most frequent first. */
  rules: Array<{ rule: RuleId; findings: number; units: number }>
  /** Up to two real examples, of the two most frequent rules. */
  examples: Array<{ rule: RuleId; agency: string; message: string }>
}

const OPEN = `(v.decision IS NULL OR v.decision <> 'dismissed')`

/** Problems of one year by rule group, with examples (groups without findings are left out). */
export async function problemsByGroup(
  db: Db,
  year: number,
  roots?: string[]
): Promise<GroupProblems[]> {
  const sel = await createSelection(db, { years: [year], includeDismissed: false }, roots)
  try {
    const from = openFindingsFrom(sel.table)
    const rules = await db.all<{ rule: RuleId; findings: number; units: number }>(
      `SELECT fi.rule, count(*) AS findings, count(DISTINCT s.agency_key) AS units ${from}
       WHERE ${UNIT_REPORT} AND fi.id IS NOT NULL AND ${OPEN}
       GROUP BY fi.rule ORDER BY findings DESC, fi.rule`
    )
    const groups = await db.all<{ grp: RuleGroup; findings: number; units: number }>(
      `SELECT substr(fi.rule, 1, 1) AS grp, count(*) AS findings, count(DISTINCT s.agency_key) AS units ${from}
       WHERE ${UNIT_REPORT} AND fi.id IS NOT NULL AND ${OPEN}
       GROUP BY grp`
    )
    const out: GroupProblems[] = []
    for (const g of groups) {
      const of = rules.filter(r => r.rule.startsWith(g.grp))
      const examples: GroupProblems['examples'] = []
      for (const r of of.slice(0, 2)) {
        const ex = await db.get<{ agency: string; message: string }>(
          `SELECT s.agency, fi.message ${from}
           WHERE ${UNIT_REPORT} AND fi.rule = ? AND ${OPEN}
           ORDER BY v.decision = 'confirmed' DESC, fi.message GLOB '*第 [0-9]*行*', s.ord, fi.seq LIMIT 1`,
          [r.rule]
        )
        if (ex) examples.push({ rule: r.rule, agency: ex.agency, message: ex.message })
      }
      out.push({ group: g.grp, findings: g.findings, units: g.units, rules: of, examples })
    }
    return out
  } finally {
    await dropSelection(db, sel).catch(() => undefined)
  }
}

/** Current files of the year (or of no known year) in which no agency was found: nobody to rank. */
export async function unaddressedFiles(db: Db, year: number, roots?: string[]): Promise<number> {
  const sel = await createSelection(db, { includeDismissed: false }, roots)
  try {
    const row = await db.get<{ n: number }>(
      `SELECT count(*) AS n FROM ${sel.table} WHERE file_status = 'current' AND agency_key IS NULL AND (year IS NULL OR year = ?)`,
      [year]
    )
    return row?.n ?? 0
  } finally {
    await dropSelection(db, sel).catch(() => undefined)
  }
}

/**
 * The ranking of one year (default: the latest with reports): every unit scored with `weights`,
 * worst first, and the year's coverage. `levels` narrows the units (the coverage follows).
 */
export async function readRanking(
  db: Db,
  weights: ScoreWeights,
  args: { year?: number; levels?: AgencyLevel[]; roots?: string[] }
): Promise<Ranking> {
  const years = await reportYears(db)
  const year = args.year ?? years[0] ?? null
  if (year === null) return { year: null, years, weights, coverage: null, rows: [], regions: [] }
  const { units, fromRoster } = await unitYears(db, {
    years: [year],
    ...(args.levels?.length ? { filter: { levels: args.levels } } : {}),
    ...(args.roots ? { roots: args.roots } : {})
  })
  const rows = rankUnits(units, weights)
  const regions = [...new Set(rows.map(r => r.region).filter((r): r is string => r !== null))]
  return {
    year,
    years,
    weights,
    coverage: summarizeCoverage(year, units, fromRoster),
    rows,
    regions
  }
}
