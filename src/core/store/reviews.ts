/**
 * Review decisions on findings (confirmed / dismissed, note, reviewer, time). They are keyed by
 * what they judge — the agency and year (or the file, when the report has neither), the rule and
 * the location — never by finding ids, which change on every re-parse. When reading them back
 * against a report's current findings, each decision is:
 *   - 'current': made on this very content;
 *   - 'reattached': made on an earlier version of the file, matched to a finding with the same rule
 *     and location in the new one;
 *   - 'orphaned': no finding matches any more (shown as 不再匹配).
 */
import type { ReviewDecisionKind } from '../../shared/api'
import type { RuleId } from '../../shared/rules'
import type { Db } from './db'
import type { FindingRow } from './findings'

export type ReviewState = 'current' | 'reattached' | 'orphaned'

/** A stored decision as matched to a report (the Api's ReviewDecision is made from it). */
export interface ReviewRow {
  id: number
  rule: RuleId
  locKey: string
  decision: ReviewDecisionKind
  note: string
  reviewer: string
  decidedAt: string
  /** The finding's message when the decision was made. */
  message: string
  state: ReviewState
}

interface ReportSubject {
  sha256: string
  agencyKey: string | null
  year: number | null
  root: string
  path: string
}

export function subjectKey(s: { agencyKey: string | null; year: number | null; root: string; path: string }): string {
  return s.agencyKey !== null && s.year !== null ? `a:${s.agencyKey}:${s.year}` : `f:${s.root}|${s.path}`
}

async function reportSubject(db: Db, reportId: number): Promise<ReportSubject | undefined> {
  return db.get<ReportSubject>(
    `SELECT r.sha256, r.agency_key AS agencyKey, r.year, f.root, f.path
     FROM reports r JOIN files f ON f.id = r.file_id WHERE r.id = ?`,
    [reportId]
  )
}

export interface DecisionInput {
  reportId: number
  rule: RuleId
  locKey: string
  decision: ReviewDecisionKind
  note?: string
  reviewer?: string
  message?: string
}

/** Records (or replaces) the decision on one finding of a report. */
export async function setDecision(db: Db, d: DecisionInput, now: string): Promise<void> {
  const s = await reportSubject(db, d.reportId)
  if (!s) throw new Error(`报告不存在：${d.reportId}`)
  await db.run(
    `INSERT INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer,
       decided_at, sha256, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (subject, rule, loc_key) DO UPDATE SET decision = excluded.decision,
       note = excluded.note, reviewer = excluded.reviewer, decided_at = excluded.decided_at,
       sha256 = excluded.sha256, message = excluded.message`,
    [
      subjectKey(s),
      s.agencyKey,
      s.year,
      d.rule,
      d.locKey,
      d.decision,
      d.note ?? '',
      d.reviewer ?? '',
      now,
      s.sha256,
      d.message ?? ''
    ]
  )
}

export async function clearDecision(db: Db, reportId: number, rule: RuleId, locKey: string): Promise<void> {
  const s = await reportSubject(db, reportId)
  if (!s) return
  await db.run('DELETE FROM reviews WHERE subject = ? AND rule = ? AND loc_key = ?', [
    subjectKey(s),
    rule,
    locKey
  ])
}

/** Decisions for a report, matched against its current findings. */
export async function reviewsForReport(
  db: Db,
  reportId: number,
  findings: Pick<FindingRow, 'id' | 'rule' | 'locKey'>[]
): Promise<{ byFinding: Map<number, ReviewRow>; orphaned: ReviewRow[] }> {
  const byFinding = new Map<number, ReviewRow>()
  const orphaned: ReviewRow[] = []
  const s = await reportSubject(db, reportId)
  if (!s) return { byFinding, orphaned }
  const rows = await db.all<Omit<ReviewRow, 'state'> & { sha256: string }>(
    `SELECT id, rule, loc_key AS locKey, decision, note, reviewer, decided_at AS decidedAt, message,
       sha256 FROM reviews WHERE subject = ? ORDER BY id`,
    [subjectKey(s)]
  )
  for (const r of rows) {
    const { sha256, ...rest } = r
    const matches = findings.filter(f => f.rule === r.rule && f.locKey === r.locKey)
    if (matches.length === 0) {
      orphaned.push({ ...rest, state: 'orphaned' })
      continue
    }
    const state: ReviewState = sha256 === s.sha256 ? 'current' : 'reattached'
    for (const m of matches) byFinding.set(m.id, { ...rest, state })
  }
  return { byFinding, orphaned }
}
