/**
 * Test support for the rules (imported by *.test.ts only): read a corpus file, run the real
 * extractor + parser + rules on it, and edit a report's text the way a careless author would
 * (a number changed, a cell emptied, a heading dropped), so every rule is shown firing on a
 * defect built from real data.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentModel } from '../../shared/document'
import type { ApplicationsRow, ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { APPLICANT_COLUMNS, APPLICATION_ROWS_2021, REVIEW_GROUPS } from '../../shared/template'
import { inferAgencyLevel } from '../../shared/agency'
import { extractText } from '../extract/text'
import { parseReport } from '../parse/index'
import { DEFAULT_RULE_SETTINGS, type AgencyLevel, type YearInput } from './context'
import { evaluateReport, yearInput as yearOf } from './index'
import { sectionText } from '../../shared/report-text'

export const CORPUS = join(__dirname, '../../../../shared/corpus')
export const SAMPLES = join(CORPUS, 'samples')

export function sampleNames(): string[] {
  return readdirSync(SAMPLES)
    .filter(f => f.endsWith('.txt'))
    .sort()
}

/** A sample by its number prefix ('003') or a corpus-relative path ('real/012_…'). */
export function readCorpus(name: string): string {
  if (/^\d{3}$/.test(name)) {
    const f = sampleNames().find(n => n.startsWith(name))
    if (!f) throw new Error(`no sample ${name}`)
    return readFileSync(join(SAMPLES, f), 'utf8')
  }
  return readFileSync(join(CORPUS, name), 'utf8')
}

export interface Evaluated {
  doc: DocumentModel
  report: ParsedReport
  findings: Finding[]
}

export function evaluateText(
  text: string,
  opts: { path?: string; level?: AgencyLevel } = {}
): Evaluated {
  const doc = extractText(text)
  const report = parseReport(doc)
  const level = opts.level ?? inferAgencyLevel(report.agency ?? '')
  const findings = evaluateReport({
    report,
    doc,
    file: { path: opts.path ?? 'report.txt', format: 'txt', mtimeMs: 0 },
    level,
    settings: DEFAULT_RULE_SETTINGS
  })
  return { doc, report, findings }
}

export function yearInput(text: string): YearInput {
  const doc = extractText(text)
  const report = parseReport(doc)
  return yearOf(report, sectionText(doc, report, 5))
}

export function ruleSet(findings: Finding[]): string[] {
  return [...new Set(findings.map(f => f.rule))].sort()
}

/** Replace exactly one occurrence (a test edit that silently matched nothing proves nothing). */
export function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const count =
    typeof from === 'string'
      ? text.split(from).length - 1
      : (text.match(new RegExp(from, 'g')) ?? []).length
  if (count !== 1) throw new Error(`expected one match of ${String(from)}, found ${count}`)
  return text.replace(from, to)
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/

/**
 * Edit the numeric cells of the one TAB-separated line whose text contains `label`: `values[i]`
 * replaces the i-th numeric cell ('' empties it, undefined keeps it). Cells stay in place.
 */
export function setCells(text: string, label: string, values: (string | undefined)[]): string {
  const lines = text.split('\n')
  const hits = lines
    .map((l, i) => (l.includes(label) && l.includes('\t') ? i : -1))
    .filter(i => i >= 0)
  if (hits.length !== 1)
    throw new Error(`expected one table line with ${label}, found ${hits.length}`)
  const at = hits[0]!
  const cells = lines[at]!.split('\t')
  let k = 0
  for (let i = 0; i < cells.length; i++) {
    if (!NUMERIC.test(cells[i]!)) continue
    const v = values[k++]
    if (v !== undefined) cells[i] = v
  }
  if (k < values.length) throw new Error(`line with ${label} has only ${k} numeric cells`)
  lines[at] = cells.join('\t')
  return lines.join('\n')
}

/** Remove source lines first..last (1-based, inclusive), e.g. a whole table. */
export function dropLines(text: string, first: number, last: number): string {
  const lines = text.split('\n')
  lines.splice(first - 1, last - first + 1)
  return lines.join('\n')
}

// ---------------------------------------------------------------- hand-built reports

function zeroRow(): ApplicationsRow {
  return Object.fromEntries(APPLICANT_COLUMNS.map(c => [c, 0])) as ApplicationsRow
}

/** A clean 2021-format report, all zeros, every section present, for unit tests to edit. */
export function cleanReport(year = 2023, agency = '中卫市民政局'): ParsedReport {
  const zero5 = { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 }
  return {
    agency,
    year,
    template: '2021',
    tables: {
      proactive: {
        form: '2021',
        regulations: { issued: 0, repealed: 0, inForce: 0 },
        normativeDocs: { issued: 0, repealed: 0, inForce: 0 },
        licensing: 0,
        penalty: 0,
        enforcement: 0,
        fees: 0
      },
      applications: Object.fromEntries(APPLICATION_ROWS_2021.map(r => [r.key, zeroRow()])),
      reviewLitigation: Object.fromEntries(
        REVIEW_GROUPS.map(g => [g, { ...zero5 }])
      ) as ParsedReport['tables']['reviewLitigation'] & object
    },
    title: { text: `${agency} ${year}年政府信息公开工作年度报告`, line: 1, year },
    period: { text: `本报告统计数据从 ${year} 年 1 月 1 日至 12 月 31 日`, line: 2, year },
    headings: [1, 2, 3, 4, 5, 6].map(id => ({
      id: id as 1,
      heading: `h${id}`,
      line: id * 10,
      reworded: false
    })),
    sections: [1, 2, 3, 4, 5, 6].map(id => ({
      id: id as 1,
      heading: `h${id}`,
      line: id * 10,
      endLine: id * 10 + 9,
      reworded: false
    })),
    tableLines: {},
    cellLines: {},
    labelIssues: [],
    rawCells: [],
    mixedTemplate: false,
    publicationDate: null,
    notes: []
  }
}

/** A document of 70 blank lines whose sections 1–6 (lines 10, 20 … 60) hold the given bodies. */
export function docWith(bodies: Partial<Record<1 | 2 | 3 | 4 | 5 | 6, string>>): DocumentModel {
  const lines = Array.from({ length: 70 }, () => '')
  for (const [id, body] of Object.entries(bodies)) lines[Number(id) * 10] = body ?? ''
  return { lines, blocks: [], meta: {} }
}
