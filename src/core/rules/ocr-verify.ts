/**
 * What the template's own sums say of a table read by OCR (issue #24). Pure: a ParsedReport whose
 * cells carry their OCR reads in, the same report with `ocrCheck` (and guarded repairs) out.
 *
 * A cell is vouched for when a sum through it holds with every cell of that sum read: a misread
 * would have to be cancelled by another misread in the same sum, which the measured reads (issue
 * #24: every table-3/4 error broke or blocked a sum) never showed. Every other cell is uncertain
 * and listed (cli.md, "Reports read by OCR"). Table 2 (proactive) has no sums: its cells stay
 * uncertain.
 *
 * Findings on an OCR'd report: the rules run on the values as read (plus the guarded repairs), and
 * evaluateReport passes their findings through `ocrFindings`:
 * - a finding that rests on a cell the sums show to be misread (two sums through it, every other
 *   cell vouched, both imply the same other value, and the read was not clear) is dropped: the
 *   misread explains the broken sums, and the cell is listed uncertain with the value the sums imply
 *   for the supervisor to check on the image;
 * - a finding that rests on any other uncertain cell keeps its severity and says that the value
 *   comes from OCR and must be checked on the image (not claimed as fact);
 * - a finding whose cells are all vouched stands as it is.
 * Why not null the suspected cells for the rules instead: T02 would then say the report left them
 * empty (false), and a clear read that breaks a sum can be the agency's own error, which must
 * still be reported (洪泽 2023 prints 0 as its 复议 total: A04 reports it, with the OCR caveat).
 */
import type { Finding } from '../../shared/rules'
import type { OcrCellStatus, OcrCheck, ParsedReport, Tables } from '../../shared/model'
import { tablesFromJson, tablesToJson } from '../../shared/model'
import type { TableKey } from '../../shared/template'
import { templateOf } from './access'
import { sumIdentities, type SumIdentity } from './identities'

/** A read at or above this confidence "reads clearly": never taken for a misread. */
export const CLEAR_READ = 0.9
/** No repair in a table with more than this share of its cells unread. */
export const MAX_UNREAD_FOR_REPAIR = 0.15

export const OCR_NOTE = '（该数值来自文字识别，请对照原图核对）'
export const OCR_UNREAD_NOTE = '（文字识别未能读出该单元格，请对照原图核对）'

/** A supervisor's check of one cell: the value they read on the image, or 'confirmed' as read. */
export type OcrCorrection = number | 'confirmed'

export interface TableCell {
  key: string
  table: TableKey
  row: string
  /** '' for a single-number proactive item. */
  column: string
  value: number | null
}

/** Every cell of the tables found, in cli.md's order, keyed as ParsedReport.cellLines. */
export function tableCells(tables: Tables): TableCell[] {
  const json = tablesToJson(tables)
  const out: TableCell[] = []
  for (const table of ['proactive', 'applications', 'reviewLitigation'] as const) {
    const t = json[table] as Record<string, unknown> | null
    if (!t) continue
    for (const [row, v] of Object.entries(t)) {
      if (v !== null && typeof v === 'object') {
        for (const [column, x] of Object.entries(v as Record<string, number | null>))
          out.push({ key: `${table}.${row}.${column}`, table, row, column, value: x })
      } else {
        out.push({ key: `${table}.${row}`, table, row, column: '', value: v as number | null })
      }
    }
  }
  return out
}

function withValues(
  tables: Tables,
  cells: TableCell[],
  values: Map<string, number | null>
): Tables {
  const json = JSON.parse(JSON.stringify(tablesToJson(tables))) as Record<
    string,
    Record<string, unknown> | null
  >
  for (const c of cells) {
    const v = values.get(c.key)
    if (v === undefined || v === c.value) continue
    const t = json[c.table]!
    if (c.column === '') t[c.row] = v
    else (t[c.row] as Record<string, number | null>)[c.column] = v
  }
  return tablesFromJson(json as unknown as Parameters<typeof tablesFromJson>[0])
}

const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/** The value `key` must have for `id` to hold, from the other cells; null when one is missing. */
function implied(id: SumIdentity, key: string, values: Map<string, number | null>): number | null {
  const onLeft = id.left.includes(key)
  const side = (keys: string[]): number | null => {
    let s = 0
    for (const k of keys) {
      if (k === key) continue
      const v = values.get(k)
      if (v === null || v === undefined) return null
      s += v
    }
    return s
  }
  const l = side(id.left)
  const r = side(id.right)
  if (l === null || r === null) return null
  return onLeft ? r - l : l - r
}

const othersOf = (id: SumIdentity, key: string): string[] =>
  [...id.left, ...id.right].filter(k => k !== key)

/** Two or more sums through `key`, pairwise without another cell in common, that agree. */
function agreeingIndependent(
  ids: SumIdentity[],
  key: string,
  values: Map<string, number | null>
): number | null {
  const derived = ids
    .map(id => ({ id, v: implied(id, key, values) }))
    .filter((d): d is { id: SumIdentity; v: number } => d.v !== null)
  if (derived.length < 2) return null
  const v = derived[0]!.v
  // Every sum that can say anything must say the same: one dissenting sum means the others'
  // agreement is not enough to vouch for a value the image did not show.
  if (!derived.every(d => same(d.v, v))) return null
  const disjoint = derived.some((a, i) =>
    derived.slice(i + 1).some(b => {
      const others = new Set(othersOf(a.id, key))
      return othersOf(b.id, key).every(k => !others.has(k))
    })
  )
  if (!disjoint || v < 0 || !Number.isInteger(v)) return null
  return v
}

/**
 * The check of an OCR'd report. `corrections` are the supervisor's (keyed by cell key): a
 * corrected cell takes their value, a confirmed one keeps its read; both are trusted as read.
 */
export function verifyOcr(
  report: ParsedReport,
  corrections: Record<string, OcrCorrection> = {}
): { check: OcrCheck; tables: Tables } {
  const cells = tableCells(report.tables)
  const values = new Map<string, number | null>()
  const corrected = new Map<string, 'confirmed' | 'corrected'>()
  for (const c of cells) {
    const fix = corrections[c.key]
    if (fix === undefined) values.set(c.key, c.value)
    else if (fix === 'confirmed') {
      values.set(c.key, c.value)
      corrected.set(c.key, 'confirmed')
    } else {
      values.set(c.key, fix)
      corrected.set(c.key, 'corrected')
    }
  }
  const ids = sumIdentities(templateOf(report)).filter(id =>
    [...id.left, ...id.right].every(k => values.has(k))
  )
  const through = new Map<string, SumIdentity[]>()
  for (const id of ids)
    for (const k of [...id.left, ...id.right]) through.set(k, [...(through.get(k) ?? []), id])

  const vouched = new Set<string>()
  for (const id of ids) {
    const keys = [...id.left, ...id.right]
    const vs = keys.map(k => values.get(k))
    if (vs.some(v => v === null || v === undefined)) continue
    if (
      same(sum(vs.slice(0, id.left.length) as number[]), sum(vs.slice(id.left.length) as number[]))
    )
      for (const k of keys) vouched.add(k)
  }

  // Guarded repair: a cell not read, filled only from two independent sums that agree, and only in
  // a table that is at least ~85 % read (a page mostly unread gives sums of guesses).
  const unreadShare = new Map<TableKey, number>()
  for (const table of ['proactive', 'applications', 'reviewLitigation'] as const) {
    const of = cells.filter(c => c.table === table)
    if (of.length > 0)
      unreadShare.set(table, of.filter(c => values.get(c.key) === null).length / of.length)
  }
  const repaired = new Map<string, number>()
  for (const c of cells) {
    if (values.get(c.key) !== null) continue
    if ((unreadShare.get(c.table) ?? 1) > MAX_UNREAD_FOR_REPAIR) continue
    const v = agreeingIndependent(through.get(c.key) ?? [], c.key, values)
    if (v !== null) repaired.set(c.key, v)
  }

  const out: OcrCheck = { uncertain: [], cells: {} }
  for (const c of cells) {
    const read = values.get(c.key) ?? null
    const fixed = corrected.get(c.key)
    let status: OcrCellStatus
    let suggested: number | undefined
    if (fixed) status = fixed
    else if (repaired.has(c.key)) status = 'repaired'
    else if (read === null) status = 'unread'
    else if (vouched.has(c.key)) status = 'vouched'
    else {
      status = 'uncertain'
      // Every sum through it broken (none held, or it would be vouched): when two independent
      // ones, their other cells all vouched for, agree on another value, the sums point at it.
      const idsHere = (through.get(c.key) ?? []).filter(id =>
        othersOf(id, c.key).every(k => vouched.has(k) || corrected.has(k))
      )
      const v = agreeingIndependent(idsHere, c.key, values)
      if (v !== null && !same(v, read)) {
        suggested = v
        const conf = report.ocrCells?.[c.key]?.confidence ?? 0
        if (conf < CLEAR_READ) status = 'misread'
      }
    }
    out.cells[c.key] = suggested === undefined ? { status, read } : { status, read, suggested }
    if (status === 'uncertain' || status === 'unread' || status === 'misread')
      out.uncertain.push(c.key)
  }
  for (const [k, v] of repaired) values.set(k, v)
  return { check: out, tables: withValues(report.tables, cells, values) }
}

/** The report with its OCR check and repaired values, or the report unchanged if not OCR'd. */
export function withOcrCheck(
  report: ParsedReport,
  corrections?: Record<string, OcrCorrection>
): ParsedReport {
  if (!report.ocr) return report
  const { check, tables } = verifyOcr(report, corrections)
  return { ...report, tables, ocrCheck: check }
}

/** The cell keys a finding rests on (A01–A04: every cell of its sum). */
export function findingCells(f: Finding, report: ParsedReport): string[] {
  if (f.rule === 'A01' || f.rule === 'A02' || f.rule === 'A03' || f.rule === 'A04') {
    const id = sumIdentities(templateOf(report)).find(
      x =>
        x.rule === f.rule &&
        x.where.row === f.row &&
        x.where.column === f.column &&
        x.where.group === f.group
    )
    if (id) return [...id.left, ...id.right]
  }
  if (!f.table) return []
  const row = f.row ?? f.group
  const cols = f.column !== undefined ? f.column.split(',') : null
  if (row === undefined && !cols) return []
  return tableCells(report.tables)
    .filter(
      c =>
        c.table === f.table &&
        (row === undefined || c.row === row) &&
        (!cols || cols.includes(c.column))
    )
    .map(c => c.key)
}

/** Findings of an OCR'd report as the file comment says; others' findings pass unchanged. */
export function ocrFindings(findings: Finding[], report: ParsedReport): Finding[] {
  const check = report.ocrCheck
  if (!check) return findings
  const out: Finding[] = []
  for (const f of findings) {
    const statuses = findingCells(f, report).map(k => check.cells[k]?.status)
    if (statuses.includes('misread')) continue
    if (statuses.includes('uncertain')) out.push({ ...f, message: f.message + OCR_NOTE })
    else if (statuses.includes('unread')) out.push({ ...f, message: f.message + OCR_UNREAD_NOTE })
    else out.push(f)
  }
  return out
}
