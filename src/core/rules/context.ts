/**
 * What the rules see. Rules are pure functions of these inputs: no I/O, no clock, no database.
 */
import type { DocumentModel, FileFormat } from '../../shared/document'
import type { AgencyLevel, ParsedReport, RuleSettings } from '../../shared/model'

export {
  DEFAULT_RULE_SETTINGS,
  type AgencyLevel,
  type RuleSettings,
  type YearInput
} from '../../shared/model'

export interface ReportInput {
  report: ParsedReport
  doc: DocumentModel
  file: { path: string; format: FileFormat; mtimeMs: number }
  level: AgencyLevel
  settings: RuleSettings
}
