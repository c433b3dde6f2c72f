/**
 * Decisions shared between colleagues as a file (issue #22). A decision travels with the content
 * hash of the file it judges and the finding's key (store/findings.ts findingKeys): a colleague's
 * copy of the same file, wherever it lies in their folders, has the same hash and the same keys.
 * A finding both decided differently is never overwritten: it waits in review_conflicts until the
 * user settles it.
 */
import type { ReviewDecisionKind } from '../../shared/api'
import type { ReviewConflict, SharedDecision } from '../../shared/review-work'
import type { RuleId } from '../../shared/rules'
import type { Db } from './db'
import { appendLog } from './reviews'

const SUBJECT_OF_R = `CASE WHEN r.agency_key IS NOT NULL AND r.year IS NOT NULL
  THEN 'a:' || r.agency_key || ':' || r.year ELSE 'f:' || f.root || '|' || f.path END`

/**
 * Every decision, once per current report it judges (with that report's content hash), and the
 * decisions that no longer meet a finding with the content they were made on.
 */
export async function sharedDecisions(db: Db): Promise<SharedDecision[]> {
  const rows = await db.all<SharedDecision & { rule: string; locKey: string; madeOn: string }>(
    `WITH v AS (SELECT * FROM reviews),
     m AS (
       SELECT v.id AS vid, r.sha256, f.path AS file, COALESCE(a.name, r.agency_name) AS agency, r.year
       FROM v JOIN reports r ON r.agency_key = v.agency_key AND r.year = v.year AND v.subject LIKE 'a:%'
         JOIN files f ON f.id = r.file_id LEFT JOIN agencies a ON a.key = r.agency_key
       WHERE r.status = 'current'
         AND EXISTS (SELECT 1 FROM findings fi WHERE fi.report_id = r.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key)
       UNION ALL
       SELECT v.id, r.sha256, f.path, r.agency_name, r.year
       FROM v JOIN files f ON 'f:' || f.root || '|' || f.path = v.subject AND v.subject LIKE 'f:%'
         JOIN reports r ON r.file_id = f.id
       WHERE r.status = 'current'
         AND EXISTS (SELECT 1 FROM findings fi WHERE fi.report_id = r.id AND fi.rule = v.rule AND fi.loc_key = v.loc_key))
     SELECT COALESCE(m.sha256, v.sha256) AS sha256, v.sha256 AS madeOn, COALESCE(m.file, '') AS file, m.agency, COALESCE(m.year, v.year) AS year,
       v.rule, v.loc_key AS locKey, v.decision, v.note, v.reviewer, v.decided_at AS decidedAt, v.message
     FROM v LEFT JOIN m ON m.vid = v.id ORDER BY v.id`
  )
  return rows.map(({ rule, locKey, madeOn, ...d }) => ({
    ...d,
    ...(madeOn && madeOn !== d.sha256 ? { madeOn } : {}),
    key: `${rule}|${locKey}`
  }))
}

export interface ImportCounts {
  added: number
  same: number
  conflicts: number
  unmatched: number
}

interface Target {
  subject: string
  agencyKey: string | null
  year: number | null
  path: string
  sha256: string
}

/** Takes a colleague's decisions in; `importedAt` stamps the conflicts. In one transaction. */
export async function importDecisions(
  db: Db,
  decisions: SharedDecision[],
  importedAt: string
): Promise<ImportCounts> {
  const counts: ImportCounts = { added: 0, same: 0, conflicts: 0, unmatched: 0 }
  await db.transaction(async () => {
    for (const d of decisions) {
      const bar = d.key.indexOf('|')
      const rule = d.key.slice(0, bar)
      const locKey = d.key.slice(bar + 1)
      // Their file's content here (as it is now on their side, or as it was when they decided),
      // current or not: the same finding of the same text.
      const targets =
        bar < 0
          ? []
          : await db.all<Target>(
              `SELECT DISTINCT ${SUBJECT_OF_R} AS subject, r.agency_key AS agencyKey, r.year, f.path, r.sha256
         FROM reports r JOIN files f ON f.id = r.file_id
         WHERE r.sha256 IN (?, ?) AND EXISTS (SELECT 1 FROM findings fi WHERE fi.report_id = r.id AND fi.rule = ? AND fi.loc_key = ?)
         ORDER BY r.status = 'current' DESC`,
              [d.sha256, d.madeOn ?? d.sha256, rule, locKey]
            )
      if (targets.length === 0) {
        counts.unmatched++
        continue
      }
      const t = targets[0]!
      const mine = await db.get<{ decision: ReviewDecisionKind; note: string }>(
        'SELECT decision, note FROM reviews WHERE subject = ? AND rule = ? AND loc_key = ?',
        [t.subject, rule, locKey]
      )
      if (mine && mine.decision === d.decision) {
        counts.same++
        continue
      }
      if (mine) {
        await db.run(
          `INSERT OR IGNORE INTO review_conflicts (subject, agency_key, year, rule, loc_key, sha256, file, message,
             decision, note, reviewer, decided_at, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            t.subject,
            t.agencyKey,
            t.year,
            rule,
            locKey,
            t.sha256,
            t.path,
            d.message,
            d.decision,
            d.note,
            d.reviewer,
            d.decidedAt,
            importedAt
          ]
        )
        counts.conflicts++
        continue
      }
      await takeDecision(
        db,
        {
          ...t,
          rule,
          locKey,
          decision: d.decision,
          note: d.note,
          reviewer: d.reviewer,
          decidedAt: d.decidedAt,
          message: d.message
        },
        null,
        importedAt
      )
      counts.added++
    }
  })
  return counts
}

interface Taken extends Target {
  rule: string
  locKey: string
  decision: ReviewDecisionKind
  note: string
  reviewer: string
  decidedAt: string
  message: string
}

/**
 * A colleague's decision written as theirs (reviewer, time decided), and logged as imported at
 * `at`: the history reads in the order things happened in this database.
 */
async function takeDecision(
  db: Db,
  t: Taken,
  before: { decision: ReviewDecisionKind; note: string } | null,
  at: string
): Promise<void> {
  await db.run(
    `INSERT INTO reviews (subject, agency_key, year, rule, loc_key, decision, note, reviewer, decided_at, sha256, message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (subject, rule, loc_key) DO UPDATE SET decision = excluded.decision, note = excluded.note,
       reviewer = excluded.reviewer, decided_at = excluded.decided_at, sha256 = excluded.sha256, message = excluded.message`,
    [
      t.subject,
      t.agencyKey,
      t.year,
      t.rule,
      t.locKey,
      t.decision,
      t.note,
      t.reviewer,
      t.decidedAt,
      t.sha256,
      t.message
    ]
  )
  await appendLog(db, {
    subject: t.subject,
    agencyKey: t.agencyKey,
    year: t.year,
    rule: t.rule,
    locKey: t.locKey,
    oldDecision: before?.decision ?? null,
    newDecision: t.decision,
    oldNote: before?.note ?? null,
    newNote: t.note,
    reviewer: t.reviewer,
    at,
    sha256: t.sha256,
    file: t.path,
    message: t.message,
    origin: 'import'
  })
}

interface ConflictRow {
  id: number
  subject: string
  agencyKey: string | null
  year: number | null
  rule: string
  locKey: string
  sha256: string
  file: string
  message: string
  decision: ReviewDecisionKind
  note: string
  reviewer: string
  decidedAt: string
}

const CONFLICT_COLUMNS = `c.id, c.subject, c.agency_key AS agencyKey, c.year, c.rule, c.loc_key AS locKey, c.sha256, c.file,
  c.message, c.decision, c.note, c.reviewer, c.decided_at AS decidedAt`

export async function listConflicts(db: Db): Promise<ReviewConflict[]> {
  const rows = await db.all<
    ConflictRow & {
      agency: string | null
      reportId: number | null
      mDecision: ReviewDecisionKind | null
      mNote: string | null
      mReviewer: string | null
      mAt: string | null
    }
  >(
    `SELECT ${CONFLICT_COLUMNS}, (SELECT name FROM agencies WHERE key = c.agency_key) AS agency,
       (SELECT r.id FROM reports r WHERE r.sha256 = c.sha256 ORDER BY r.status = 'current' DESC, r.id DESC LIMIT 1) AS reportId,
       v.decision AS mDecision, v.note AS mNote, v.reviewer AS mReviewer, v.decided_at AS mAt
     FROM review_conflicts c
       LEFT JOIN reviews v ON v.subject = c.subject AND v.rule = c.rule AND v.loc_key = c.loc_key
     ORDER BY c.id`
  )
  return rows.map(r => ({
    id: r.id,
    reportId: r.reportId,
    agency: r.agency,
    year: r.year,
    file: r.file,
    key: `${r.rule as RuleId}|${r.locKey}`,
    message: r.message,
    mine: r.mDecision
      ? {
          decision: r.mDecision,
          note: r.mNote ?? '',
          reviewer: r.mReviewer ?? '',
          decidedAt: r.mAt ?? ''
        }
      : null,
    theirs: { decision: r.decision, note: r.note, reviewer: r.reviewer, decidedAt: r.decidedAt }
  }))
}

/** Settles a conflict: 'theirs' writes their decision (logged as imported), 'mine' keeps mine. */
export async function settleConflict(
  db: Db,
  id: number,
  take: 'mine' | 'theirs',
  at: string
): Promise<boolean> {
  return db.transaction(async () => {
    const c = await db.get<ConflictRow>(
      `SELECT ${CONFLICT_COLUMNS} FROM review_conflicts c WHERE c.id = ?`,
      [id]
    )
    if (!c) return false
    if (take === 'theirs') {
      const mine = await db.get<{ decision: ReviewDecisionKind; note: string }>(
        'SELECT decision, note FROM reviews WHERE subject = ? AND rule = ? AND loc_key = ?',
        [c.subject, c.rule, c.locKey]
      )
      await takeDecision(db, { ...c, path: c.file }, mine ?? null, at)
    }
    await db.run('DELETE FROM review_conflicts WHERE id = ?', [id])
    return true
  })
}

/** Agency merges made by hand, with the name each merges into (the colleague's keys may differ). */
export async function sharedMerges(
  db: Db
): Promise<Array<{ alias: string; into: string; intoName: string }>> {
  return db.all(
    `SELECT x.alias_key AS alias, x.canonical_key AS "into", COALESCE(a.name, x.canonical_key) AS intoName
     FROM agency_aliases x LEFT JOIN agencies a ON a.key = x.canonical_key ORDER BY x.alias_key`
  )
}
