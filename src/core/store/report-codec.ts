/**
 * How a ParsedReport is kept in `reports`: its tables once, in tables_json (which the CLI, the
 * export and the trend backfill read), and the rest but the cell → line map in report_json.
 *
 * The cell lines (~200 dotted keys, 9 of a report's 13 KB) are read only by the single-report rules,
 * which run on a freshly parsed document: at ingest, and when a level or setting changes
 * (pipeline-admin.ts parses the stored document again). The cross-year rules get the few they cite
 * from year_json. Serialising, copying between threads and writing them was a measurable part of an
 * ingest (bench/, issue #8).
 *
 * Rows written before schema 5 hold the whole ParsedReport, tables and cell lines included:
 * decodeReport reads both shapes, so no migration rewrites them.
 */
import type { ParsedReport } from '../../shared/model'
import type { YearInput } from '../../shared/model'

/** A report as stored: everything but the cell lines (present only on rows from before schema 5). */
export type StoredReport = Omit<ParsedReport, 'cellLines'> & { cellLines?: Record<string, number> }

export function encodeReport(p: ParsedReport): { reportJson: string; tablesJson: string } {
  const { tables, cellLines: _lines, ...rest } = p
  void _lines
  return { reportJson: JSON.stringify(rest), tablesJson: JSON.stringify(tables) }
}

export function decodeReport(reportJson: string, tablesJson: string): StoredReport {
  const { tables, ...rest } = JSON.parse(reportJson) as Omit<StoredReport, 'tables'> & { tables?: ParsedReport['tables'] }
  return { ...rest, tables: tables ?? (JSON.parse(tablesJson) as ParsedReport['tables']) }
}

/** The cross-year rules' view of a report (rules/years.ts yearInput), with the rows it reads. */
export function encodeYear(y: YearInput): string {
  return JSON.stringify(y)
}

/**
 * `tablesJson` is needed only for year_json written before it carried its rows (the first schema 5
 * builds of 2026-11-23): settle passes it only then (pipeline-settle.ts).
 */
export function decodeYear(yearJson: string, tablesJson: string | null): YearInput {
  const y = JSON.parse(yearJson) as { report: Omit<ParsedReport, 'tables'> & { tables?: ParsedReport['tables'] }; problems: string }
  const tables = y.report.tables ?? (JSON.parse(tablesJson ?? 'null') as ParsedReport['tables'] | null) ?? NO_TABLES
  return { report: { ...y.report, tables }, problems: y.problems }
}

const NO_TABLES: ParsedReport['tables'] = { proactive: null, applications: null, reviewLitigation: null }
