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
 *
 * Tables are kept as cli.md prints them (TablesJson): the proactive table's `form` is left out on
 * the way in and told from its cell keys on the way out, so rows of any age read the same.
 */
import {
  tablesFromJson,
  tablesToJson,
  type ParsedReport,
  type TablesJson,
  type YearInput
} from '../../shared/model'

/** A report as stored: everything but the cell lines (present only on rows from before schema 5). */
export type StoredReport = Omit<ParsedReport, 'cellLines'> & { cellLines?: Record<string, number> }

export function encodeReport(p: ParsedReport): { reportJson: string; tablesJson: string } {
  // An OCR'd report's reads and their check are kept in report_ocr (store/ocr.ts), not twice.
  const { tables, cellLines: _lines, ocr: _o, ocrCells: _c, ocrCheck: _k, ...rest } = p
  void _lines
  void _o
  void _c
  void _k
  return { reportJson: JSON.stringify(rest), tablesJson: JSON.stringify(tablesToJson(tables)) }
}

export function decodeReport(reportJson: string, tablesJson: string): StoredReport {
  const { tables, ...rest } = JSON.parse(reportJson) as Omit<StoredReport, 'tables'> & {
    tables?: TablesJson
  }
  return { ...rest, tables: tablesFromJson(tables ?? (JSON.parse(tablesJson) as TablesJson)) }
}

/** The cross-year rules' view of a report (rules/years.ts yearInput), with the rows it reads. */
export function encodeYear(y: YearInput): string {
  return JSON.stringify({ ...y, report: { ...y.report, tables: tablesToJson(y.report.tables) } })
}

/**
 * `tablesJson` is needed only for year_json written before it carried its rows (the first schema 5
 * builds of 2026-11-23): settle passes it only then (pipeline-settle.ts).
 */
export function decodeYear(yearJson: string, tablesJson: string | null): YearInput {
  const y = JSON.parse(yearJson) as {
    report: Omit<ParsedReport, 'tables'> & { tables?: TablesJson }
    problems: string
  }
  const tables =
    y.report.tables ?? (JSON.parse(tablesJson ?? 'null') as TablesJson | null) ?? NO_TABLES
  return { report: { ...y.report, tables: tablesFromJson(tables) }, problems: y.problems }
}

const NO_TABLES: TablesJson = { proactive: null, applications: null, reviewLitigation: null }
