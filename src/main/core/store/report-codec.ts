/**
 * How a ParsedReport is kept in `reports`: its tables once, in tables_json (which the CLI, the
 * export and the trend backfill read), and everything else in report_json. Both used to carry the
 * tables (3 of a report's 17 KB; bench/, issue #8).
 *
 * Rows written before this hold the whole ParsedReport in report_json, tables included:
 * decodeReport reads both shapes, so no migration rewrites them.
 */
import type { ParsedReport } from '../../../shared/model'
import type { YearInput } from '../rules/context'

type StoredReport = Omit<ParsedReport, 'tables'> & { tables?: ParsedReport['tables'] }

export function encodeReport(p: ParsedReport): { reportJson: string; tablesJson: string } {
  const { tables, ...rest } = p
  return { reportJson: JSON.stringify(rest), tablesJson: JSON.stringify(tables) }
}

export function decodeReport(reportJson: string, tablesJson: string): ParsedReport {
  const { tables, ...rest } = JSON.parse(reportJson) as StoredReport
  return { ...rest, tables: tables ?? (JSON.parse(tablesJson) as ParsedReport['tables']) }
}

/** The cross-year rules' view of a report (rules/years.ts yearInput), its tables in tables_json. */
export function encodeYear(y: YearInput): string {
  const { tables: _tables, ...report } = y.report
  void _tables
  return JSON.stringify({ report, problems: y.problems })
}

export function decodeYear(yearJson: string, tablesJson: string): YearInput {
  const { report, problems } = JSON.parse(yearJson) as { report: Omit<ParsedReport, 'tables'>; problems: string }
  return { report: { ...report, tables: JSON.parse(tablesJson) as ParsedReport['tables'] }, problems }
}
