/**
 * Review decisions on findings (confirmed / dismissed, note, reviewer, time). They are keyed by
 * what they judge — the agency and year (or the file, when the report has neither), the rule and
 * the location — never by finding ids, which change on every re-parse. When reading them back
 * against a report's current findings, each decision is:
 *   - 'current': made on this very content;
 *   - 'reattached': made on an earlier version of the file, matched to a finding with the same rule
 *     and location in the new one;
 *   - 'orphaned': no finding matches any more (shown as 不再匹配).
 * Every decision, change and withdrawal is also appended to review_log (schema.ts migration 8),
 * which nothing updates or deletes: the audit evidence of who decided what, when.
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

export function subjectKey(s: {
  agencyKey: string | null
  year: number | null
  root: string
  path: string
}): string {
  return s.agencyKey !== null && s.year !== null
    ? `a:${s.agencyKey}:${s.year}`
    : `f:${s.root}|${s.path}`
}

async function reportSubject(db: Db, reportId: number): Promise<ReportSubject | undefined> {
  return db.get<ReportSubject>(
    `SELECT r.sha256, r.agency_key AS agencyKey, r.year, f.root, f.path
     FROM reports r JOIN files f ON f.id = r.file_id WHERE r.id = ?`,
    [reportId]
  )
}

/**
 * Decisions saved under a key several findings shared (before issue #22 a key was rule + location
 * only) become one decision per finding that shared it, as they were shown: for each decision that
 * matches no finding's key exactly but is the location part of some findings' keys in a report of
 * its subject. Run by migration 8, and at each open (a backup from before, restored into a new
 * database, meets its findings only after they are read again). Decisions are few: this is cheap.
 */
export const CARRY_OVER_SQL = `
  CREATE TEMP TABLE carry AS
    WITH vr AS (
      SELECT v.id AS vid, v.rule, v.loc_key, r.id AS rid FROM reviews v
        JOIN reports r ON r.agency_key = v.agency_key AND r.year = v.year
      WHERE v.subject LIKE 'a:%'
      UNION ALL
      SELECT v.id, v.rule, v.loc_key, r.id FROM reviews v
        JOIN files f ON 'f:' || f.root || '|' || f.path = v.subject
        JOIN reports r ON r.file_id = f.id AND (r.agency_key IS NULL OR r.year IS NULL)
      WHERE v.subject LIKE 'f:%')
    SELECT DISTINCT vr.vid, fi.loc_key AS nk FROM vr
      JOIN findings fi ON fi.report_id = vr.rid AND fi.rule = vr.rule
        AND substr(fi.loc_key, 1, length(vr.loc_key) + 1) IN (vr.loc_key || '|', vr.loc_key || '#')
    WHERE NOT EXISTS (SELECT 1 FROM findings x WHERE x.report_id = vr.rid AND x.rule = vr.rule AND x.loc_key = vr.loc_key);
  INSERT OR IGNORE INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer, decided_at, sha256, message)
    SELECT v.subject, v.agency_key, v.year, v.rule, c.nk, v.decision, v.note, v.reviewer, v.decided_at, v.sha256, v.message
    FROM carry c JOIN reviews v ON v.id = c.vid;
  DELETE FROM reviews WHERE id IN (SELECT vid FROM carry);
  DROP TABLE carry;`

export interface DecisionInput {
  reportId: number
  rule: RuleId
  locKey: string
  decision: ReviewDecisionKind
  note?: string
  reviewer?: string
  message?: string
}

interface Current {
  decision: ReviewDecisionKind
  note: string
  sha256: string
}

async function currentDecision(
  db: Db,
  subject: string,
  rule: string,
  locKey: string
): Promise<Current | undefined> {
  return db.get<Current>(
    'SELECT decision, note, sha256 FROM reviews WHERE subject = ? AND rule = ? AND loc_key = ?',
    [subject, rule, locKey]
  )
}

export interface LogEntry {
  subject: string
  agencyKey: string | null
  year: number | null
  rule: string
  locKey: string
  oldDecision: ReviewDecisionKind | null
  newDecision: ReviewDecisionKind | null
  oldNote: string | null
  newNote: string
  reviewer: string
  at: string
  sha256: string
  file: string
  message: string
  origin: 'app' | 'import' | 'before'
}

/** Appends one entry to the decision history (never updated, never deleted). */
export async function appendLog(db: Db, e: LogEntry): Promise<void> {
  await db.run(
    `INSERT INTO review_log (subject, agency_key, year, rule, loc_key, old_decision, new_decision, old_note,
       new_note, reviewer, at, sha256, file, message, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      e.subject,
      e.agencyKey,
      e.year,
      e.rule,
      e.locKey,
      e.oldDecision,
      e.newDecision,
      e.oldNote,
      e.newNote,
      e.reviewer,
      e.at,
      e.sha256,
      e.file,
      e.message,
      e.origin
    ]
  )
}

/** Records (or replaces) the decision on one finding of a report, and logs the change. */
export async function setDecision(db: Db, d: DecisionInput, now: string): Promise<void> {
  const s = await reportSubject(db, d.reportId)
  if (!s) throw new Error(`报告不存在：${d.reportId}`)
  const subject = subjectKey(s)
  const before = await currentDecision(db, subject, d.rule, d.locKey)
  const note = d.note ?? ''
  // The same decision and note on the same content (a note box left unchanged) changes nothing;
  // made again on new content it re-affirms the decision, which the history keeps.
  if (
    before &&
    before.decision === d.decision &&
    before.note === note &&
    before.sha256 === s.sha256
  )
    return
  await db.run(
    `INSERT INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer,
       decided_at, sha256, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (subject, rule, loc_key) DO UPDATE SET decision = excluded.decision,
       note = excluded.note, reviewer = excluded.reviewer, decided_at = excluded.decided_at,
       sha256 = excluded.sha256, message = excluded.message`,
    [
      subject,
      s.agencyKey,
      s.year,
      d.rule,
      d.locKey,
      d.decision,
      note,
      d.reviewer ?? '',
      now,
      s.sha256,
      d.message ?? ''
    ]
  )
  await appendLog(db, {
    subject,
    agencyKey: s.agencyKey,
    year: s.year,
    rule: d.rule,
    locKey: d.locKey,
    oldDecision: before?.decision ?? null,
    newDecision: d.decision,
    oldNote: before?.note ?? null,
    newNote: note,
    reviewer: d.reviewer ?? '',
    at: now,
    sha256: s.sha256,
    file: s.path,
    message: d.message ?? '',
    origin: 'app'
  })
}

/** Withdraws a decision; the history keeps it and says who withdrew it. */
export async function clearDecision(
  db: Db,
  reportId: number,
  rule: RuleId,
  locKey: string,
  by: { reviewer: string; at: string; message: string } = {
    reviewer: '',
    at: new Date().toISOString(),
    message: ''
  }
): Promise<void> {
  const s = await reportSubject(db, reportId)
  if (!s) return
  const subject = subjectKey(s)
  const before = await currentDecision(db, subject, rule, locKey)
  if (!before) return
  await db.run('DELETE FROM reviews WHERE subject = ? AND rule = ? AND loc_key = ?', [
    subject,
    rule,
    locKey
  ])
  await appendLog(db, {
    subject,
    agencyKey: s.agencyKey,
    year: s.year,
    rule,
    locKey,
    oldDecision: before.decision,
    newDecision: null,
    oldNote: before.note,
    newNote: '',
    reviewer: by.reviewer,
    at: by.at,
    sha256: s.sha256,
    file: s.path,
    message: by.message,
    origin: 'app'
  })
}

export interface HistoryRow extends LogEntry {
  id: number
}

const HISTORY_COLUMNS = `id, subject, agency_key AS agencyKey, year, rule, loc_key AS locKey,
  old_decision AS oldDecision, new_decision AS newDecision, old_note AS oldNote, new_note AS newNote,
  reviewer, at, sha256, file, message, origin`

/**
 * The decision history of one report, oldest first: its subject's (its agency-year, or its file),
 * and that of every earlier version of its file read under another subject (an edit that changed
 * the agency's name or the year: report_moves, schema migration 9), so the evidence follows the
 * file (issue #22).
 */
export async function historyOfReport(db: Db, reportId: number): Promise<HistoryRow[]> {
  const s = await reportSubject(db, reportId)
  if (!s) return []
  return db.all<HistoryRow>(
    `SELECT ${HISTORY_COLUMNS} FROM review_log WHERE subject IN (
       SELECT ? UNION SELECT m.subject FROM report_moves m
       WHERE m.file_id = (SELECT file_id FROM reports WHERE id = ?) AND m.subject IS NOT NULL)
     ORDER BY id`,
    [subjectKey(s), reportId]
  )
}

/** The whole history, oldest first (the workbook's 审阅记录, the backup). */
export async function allHistory(db: Db): Promise<HistoryRow[]> {
  return db.all<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM review_log ORDER BY id`)
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
