/**
 * What the rules see. Rules are pure functions of these inputs: no I/O, no clock, no database.
 */
import type { DocumentModel, FileFormat } from '../../../shared/document'
import type { ParsedReport } from '../../../shared/model'

export type AgencyLevel = 'department' | 'government' | 'township'

export interface DateOfYear {
  month: number
  day: number
}

export interface RuleSettings {
  /** Publication deadline in the year after the reporting year, by agency level (M05). */
  deadlines: Record<AgencyLevel, DateOfYear>
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  deadlines: {
    department: { month: 1, day: 31 },
    government: { month: 3, day: 31 },
    township: { month: 1, day: 31 }
  }
}

export interface ReportInput {
  report: ParsedReport
  doc: DocumentModel
  file: { path: string; format: FileFormat; mtimeMs: number }
  level: AgencyLevel
  settings: RuleSettings
}

/** What the cross-year rules (Y01–Y04) need of a neighbouring year, storable without the document. */
export interface YearInput {
  report: ParsedReport
  /** Text of section 5 (存在的主要问题及改进情况), for Y03. */
  problemsText: string
}
