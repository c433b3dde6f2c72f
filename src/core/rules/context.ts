/**
 * What the rules see. Rules are pure functions of these inputs: no I/O, no clock, no database.
 */
import type { DocumentModel, FileFormat } from '../../shared/document'
import type { AgencyLevel, ParsedReport, RuleSettings } from '../../shared/model'

export { DEFAULT_RULE_SETTINGS, type AgencyLevel, type RuleSettings } from '../../shared/model'

export interface ReportInput {
  report: ParsedReport
  doc: DocumentModel
  file: { path: string; format: FileFormat; mtimeMs: number }
  level: AgencyLevel
  settings: RuleSettings
}

/**
 * What the cross-year rules (Y01–Y04) need of a neighbouring year, storable without the document.
 * Built by rules/years.ts yearInput: the report cut to what those rules read, so that settling a
 * collection reads a few hundred bytes per report instead of its whole JSON (bench/, issue #8).
 */
export interface YearInput {
  report: ParsedReport
  /** Section 5 (存在的主要问题及改进情况) as Y03 compares it: no digits, spaces or punctuation. */
  problems: string
}
