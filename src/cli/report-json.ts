/** cli.md's JSON: findings carry rule, severity, message and only the location keys cli.md lists. */
import type { ReportJson } from '../shared/model'
import type { CoverageStatus } from '../shared/roster'
import type { Finding } from '../shared/rules'

/** Keys in the order cli.md prints them; `table` and `section` are internal and left out. */
export function cliFinding(f: Finding): Finding {
  const out: Finding = { rule: f.rule, severity: f.severity, message: f.message }
  if (f.lines !== undefined) out.lines = f.lines
  if (f.row !== undefined) out.row = f.row
  if (f.column !== undefined) out.column = f.column
  if (f.group !== undefined) out.group = f.group
  if (f.expected !== undefined) out.expected = f.expected
  if (f.actual !== undefined) out.actual = f.actual
  return out
}

export function cliReport(r: ReportJson): ReportJson {
  const out: ReportJson = {
    file: r.file,
    sha256: r.sha256,
    format: r.format,
    agency: r.agency,
    year: r.year,
    template: r.template,
    tables: r.tables,
    findings: r.findings.map(cliFinding)
  }
  // Reports read by OCR only (cli.md): every other report's entry is byte for byte as before.
  if (r.ocr) out.ocr = { pages: r.ocr.pages, uncertain: r.ocr.uncertain }
  return out
}

/** One entry of cli.md's `coverage` array (with --roster), keys in cli.md's order. */
export interface CoverageJson {
  unit: string
  region: string | null
  year: number
  status: CoverageStatus
  files: string[]
  published: string | null
  deadline: string | null
}

/** Without `coverage` (no --roster) the JSON has no `coverage` key: byte for byte as before. */
export function cliJson(reports: ReportJson[], coverage?: CoverageJson[]): string {
  const out = coverage
    ? { reports: reports.map(cliReport), coverage }
    : { reports: reports.map(cliReport) }
  return `${JSON.stringify(out, null, 2)}\n`
}
