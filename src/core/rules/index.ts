/**
 * The compliance rules of shared/spec/rules.md. One module per group (structure, tables,
 * arithmetic, text, years, collection); this file is the only entry point the pipeline uses.
 */
import type { Finding } from '../../shared/rules'
import { arithmeticRules } from './arithmetic'
import { collectionRules } from './collection'
import { ocrFindings } from './ocr-verify'
import type { ReportInput, YearInput } from './context'
import { structureRules } from './structure'
import { tableRules } from './tables'
import { textRules } from './text'
import { yearRules } from './years'

export { duplicateFinding, M02_LISTED, unreadableFinding, unreadPagesFinding } from './collection'
export { yearInput } from './years'
export { withOcrCheck, type OcrCorrection } from './ocr-verify'
import { showsReport } from '../../shared/report-text'

/** The national template applies from the 2019 reporting year (the 2018 reports had their own forms). */
function templateApplies(input: ReportInput): boolean {
  return input.report.year === null || input.report.year >= 2019
}

/**
 * Every single-report rule: S01–S05, T01–T05, A01–A04, N01–N02, M01, M04, M05. None for a
 * document that does not show a report (showsReport): the pipeline's M03 says what it is.
 */
export function evaluateReport(input: ReportInput): Finding[] {
  if (!showsReport(input.report, input.doc)) return []
  const template = templateApplies(input)
    ? [
        ...structureRules(input),
        ...tableRules(input),
        ...arithmeticRules(input),
        ...textRules(input)
      ]
    : []
  // An OCR'd report's findings say which rest on cells no sum confirms (ocr-verify.ts).
  return ocrFindings([...template, ...collectionRules(input)], input.report)
}

/** Y01–Y04 for `cur` against the same agency's previous year; findings attach to `cur`. */
export function evaluateYears(prev: YearInput, cur: YearInput): Finding[] {
  return yearRules(prev, cur)
}
