/**
 * The review as work (issue #22): the decision history kept as audit evidence, and decisions
 * shared between colleagues as a file (no server: each reviewer works on a laptop).
 */
import type { ReviewDecisionKind } from './api'
import type { RosterUnitInput } from './roster'
import type { RuleId } from './rules'

/** One entry of the decision history: a decision, a change of one, or its withdrawal. */
export interface ReviewHistoryEntry {
  rule: RuleId
  /** FindingView.key of the finding judged. */
  key: string
  /** null: undecided before (a first decision). */
  oldDecision: ReviewDecisionKind | null
  /** null: the decision was withdrawn. */
  newDecision: ReviewDecisionKind | null
  oldNote: string | null
  newNote: string
  reviewer: string
  at: string
  /** The file (relative to its folder) the decision was made on. */
  file: string
  /** The finding as it read then. */
  message: string
  /** 'app': made here; 'import': a colleague's, taken in; 'before': made before the history existed. */
  origin: 'app' | 'import' | 'before'
}

/** The file one reviewer gives another: their decisions, agency merges and roster. */
export interface SharedReview {
  format: 'nianbao-review'
  version: 1
  exportedAt: string
  reviewer: string
  decisions: SharedDecision[]
  merges: Array<{ alias: string; into: string; intoName: string }>
  /** Their 应报送单位名单 with its edits (absent in files written before, or without a roster). */
  roster?: RosterUnitInput[]
}

/**
 * How a colleague's roster differs for one unit, matched by name: 'add' only theirs has it,
 * 'remove' only mine, 'change' other level / region / years or an alias one side gives another
 * unit, 'rename' one side renamed it (the old name kept as an alias).
 */
export type RosterConflictKind = 'add' | 'remove' | 'change' | 'rename'

export interface RosterConflict {
  id: number
  kind: RosterConflictKind
  mine: RosterUnitInput | null
  theirs: RosterUnitInput | null
  /** Whose file it came from. */
  reviewer: string
  importedAt: string
}

export interface SharedDecision {
  /** The content (sha256) of the file the finding is in now. */
  sha256: string
  /** The content the decision was made on, when the file has changed since. */
  madeOn?: string
  file: string
  agency: string | null
  year: number | null
  /** FindingView.key. */
  key: string
  decision: ReviewDecisionKind
  note: string
  reviewer: string
  decidedAt: string
  message: string
}

export interface ExportReviewResult {
  /** A file name to offer. */
  fileName: string
  /** The file's text (JSON). */
  content: string
  decisions: number
  merges: number
  /** Roster units in the file. */
  units: number
}

/** Both reviewers decided the same finding differently: the user settles it. */
export interface ReviewConflict {
  id: number
  reportId: number | null
  agency: string | null
  year: number | null
  file: string
  key: string
  message: string
  mine: { decision: ReviewDecisionKind; note: string; reviewer: string; decidedAt: string } | null
  theirs: { decision: ReviewDecisionKind; note: string; reviewer: string; decidedAt: string }
}

export interface ImportReviewResult {
  /** Decisions taken in (the finding was undecided here). */
  added: number
  /** Same decision already here. */
  same: number
  /** Decided differently here: listed in conflicts, nothing changed. */
  conflicts: number
  /** No report with that content and finding here. */
  unmatched: number
  merges: number
  /** Their roster: units taken in (into an empty roster), aliases taken in, differences listed. */
  roster: { added: number; aliases: number; conflicts: number }
}
