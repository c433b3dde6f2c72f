/**
 * The compliance rules of shared/spec/rules.md. One module per group (structure, tables,
 * arithmetic, text, years, collection); this file is the only entry point the pipeline uses.
 */
import type { Finding } from '../../../shared/rules'
import { arithmeticRules } from './arithmetic'
import { collectionRules } from './collection'
import type { ReportInput, YearInput } from './context'
import { structureRules } from './structure'
import { tableRules } from './tables'
import { textRules } from './text'
import { yearRules } from './years'

export { duplicateFinding, M02_LISTED, unreadableFinding } from './collection'
export { yearInput } from './years'

/**
 * The national template applies from the 2019 reporting year; a report that shows nothing of it
 * (no section, no table) is not checked against it — the pipeline raises M03 for it instead of
 * nine findings that all say the same.
 */
function templateApplies(input: ReportInput): boolean {
  const r = input.report
  if (r.year !== null && r.year < 2019) return false
  const anyTable = r.tables.proactive || r.tables.applications || r.tables.reviewLitigation
  return r.template !== null || r.sections.length > 0 || anyTable !== null
}

/** Every single-report rule: S01–S05, T01–T05, A01–A04, N01–N02, M01, M04, M05. */
export function evaluateReport(input: ReportInput): Finding[] {
  const template = templateApplies(input)
    ? [...structureRules(input), ...tableRules(input), ...arithmeticRules(input), ...textRules(input)]
    : []
  return [...template, ...collectionRules(input)]
}

/** Y01–Y04 for `cur` against the same agency's previous year; findings attach to `cur`. */
export function evaluateYears(prev: YearInput, cur: YearInput): Finding[] {
  return yearRules(prev, cur)
}
