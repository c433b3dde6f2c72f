/**
 * The typed model of one report, shaped exactly as shared/spec/cli.md prints it, plus the evidence
 * the parser keeps for rules and the review screen (ParsedReport).
 */
import { assertNever } from './assert'
import type { DocumentMeta, FileFormat, OcrRead } from './document'
import type { Finding } from './rules'
import type {
  ApplicantColumn,
  ReviewColumn,
  ReviewGroup,
  SectionId,
  TableKey,
  TemplateVersion
} from './template'

/** An agency's level: sets its M05 deadline and T05 plausibility. */
export type AgencyLevel = 'department' | 'government' | 'township'
export const AGENCY_LEVELS: readonly AgencyLevel[] = ['department', 'government', 'township']
export const AGENCY_LEVEL_NAMES: Record<AgencyLevel, string> = {
  department: '政府部门',
  government: '人民政府',
  township: '乡镇（街道）'
}

/** A month and day in the year after the reporting year (a publication deadline). */
export interface DateOfYear {
  month: number
  day: number
}

/** The rules a supervisor may switch off (设置): the two that judge wording rather than the template. */
export type SwitchableRule = 'S06' | 'Y05'
export const SWITCHABLE_RULES: readonly SwitchableRule[] = ['S06', 'Y05']

/** What the rules are configured by: the publication deadline by agency level (M05), the switches. */
export interface RuleSettings {
  deadlines: Record<AgencyLevel, DateOfYear>
  /** Whether S06 (repeated words, sub-heading sequence) and Y05 (text copied between units) run. */
  checks: Record<SwitchableRule, boolean>
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  deadlines: {
    department: { month: 1, day: 31 },
    government: { month: 3, day: 31 },
    township: { month: 1, day: 31 }
  },
  checks: { S06: true, Y05: true }
}

/**
 * What the cross-year rules (Y01–Y04) need of a neighbouring year, storable without the document.
 * Built by rules/years.ts yearInput: the report cut to what those rules read, so that settling a
 * collection reads a few hundred bytes per report instead of its whole JSON (bench/, issue #8).
 */
export interface YearInput {
  report: ParsedReport
  /** Section 5 (存在的主要问题及改进情况) as Y03 compares it: no digits, spaces or punctuation. */
  problems: string
}

/** A numeric cell: null when the cell is empty or unreadable — never silently 0. */
export type Cell = number | null

export type ApplicationsRow = Record<ApplicantColumn, Cell>
/** Row key (as in template.md, dotted keys kept as strings) → the seven columns. */
export type Applications = Record<string, ApplicationsRow>

export type ReviewLitigationGroup = Record<ReviewColumn, Cell>
export type ReviewLitigation = Record<ReviewGroup, ReviewLitigationGroup>

// The cells are type aliases, not interfaces: an alias may be read as a Record of its values
// (proactiveItem below) without a cast.
type Cells2021 = {
  regulations: { issued: Cell; repealed: Cell; inForce: Cell }
  normativeDocs: { issued: Cell; repealed: Cell; inForce: Cell }
  licensing: Cell
  penalty: Cell
  enforcement: Cell
  fees: Cell
}

type Trio2019 = { previous: Cell; change: Cell; decisions: Cell }
type Cells2019 = {
  regulations: { newlyMade: Cell; newlyPublished: Cell; totalPublished: Cell }
  normativeDocs: { newlyMade: Cell; newlyPublished: Cell; totalPublished: Cell }
  licensing: Trio2019
  otherServices: Trio2019
  penalty: Trio2019
  enforcement: Trio2019
  fees: { previous: Cell; change: Cell }
  procurement: { projects: Cell; amount: Cell }
}

/**
 * The proactive table in one of its two forms: the 2021 format, or the 2019 trial format with
 * other items and columns (template.md). `form` is the layout the parser read the table in; the
 * report's `template` is the same whenever the table was found.
 */
export type Proactive2021 = { form: '2021' } & Cells2021
export type Proactive2019 = { form: '2019' } & Cells2019
export type Proactive = Proactive2021 | Proactive2019
export type ProactiveForm = Proactive['form']

/** One item of the proactive table: a single number, or its columns. */
export type ProactiveItemValue = Cell | Readonly<Record<string, Cell>>

/** The item `key` of the template's proactive items; undefined when this form has no such item. */
export function proactiveItem(p: Proactive, key: string): ProactiveItemValue | undefined {
  const items: Readonly<Partial<Record<string, ProactiveItemValue | ProactiveForm>>> = p
  const v = items[key]
  // `form` is not an item.
  return typeof v === 'string' ? undefined : v
}

export interface Tables {
  proactive: Proactive | null
  applications: Applications | null
  reviewLitigation: ReviewLitigation | null
}

/**
 * The tables as cli.md prints them and the database keeps them (tables_json, year_json): the
 * proactive table has no `form` key there; its cell keys tell the forms apart.
 */
export type ProactiveJson = Cells2021 | Cells2019
export interface TablesJson {
  proactive: ProactiveJson | null
  applications: Applications | null
  reviewLitigation: ReviewLitigation | null
}

export function tablesToJson(t: Tables): TablesJson {
  return {
    proactive: t.proactive && proactiveJson(t.proactive),
    applications: t.applications,
    reviewLitigation: t.reviewLitigation
  }
}

function proactiveJson(p: Proactive): ProactiveJson {
  switch (p.form) {
    case '2021': {
      const { form: _form, ...cells } = p
      void _form
      return cells
    }
    case '2019': {
      const { form: _form, ...cells } = p
      void _form
      return cells
    }
    default:
      return assertNever(p, 'proactive table of an unknown form')
  }
}

/** Only the 2019 form has 其他对外管理服务事项 (and 政府集中采购). */
export function tablesFromJson(t: TablesJson): Tables {
  const p = t.proactive
  const proactive: Proactive | null =
    p === null ? null : 'otherServices' in p ? { form: '2019', ...p } : { form: '2021', ...p }
  return { proactive, applications: t.applications, reviewLitigation: t.reviewLitigation }
}

/** One entry of the CLI's `reports` array (cli.md), field order as printed. */
export interface ReportJson {
  file: string
  sha256: string
  format: FileFormat
  agency: string | null
  year: number | null
  template: TemplateVersion | null
  tables: TablesJson
  findings: Finding[]
  /** Only for a report read by OCR: its pages and the cells no sum vouches for (cli.md). */
  ocr?: { pages: number; uncertain: string[] }
}

// ---------------------------------------------------------------- parser evidence

export interface SectionInfo {
  id: SectionId
  /** The heading as found (trimmed). */
  heading: string
  /** Heading line and last line of the section body (1-based, inclusive). */
  line: number
  endLine: number
  /** True when the heading differs from the 2021/2019 wording beyond normalisation. */
  reworded: boolean
  /** Character offset of the heading in its line, when the line holds more (crawler text). */
  offset?: number
}

export interface SectionHeadingHit {
  id: SectionId
  heading: string
  line: number
  reworded: boolean
  /** Character offset of the heading in its line, when the line holds more (crawler text). */
  offset?: number
}

/** A label that differs from the template (T03), or a template row absent / an extra row. */
export interface LabelIssue {
  table: TableKey
  kind: 'altered' | 'missing' | 'extra'
  /** Canonical row key (missing / altered) — absent for an extra row. */
  row?: string
  expected?: string
  found?: string
  line?: number
}

/** A numeric cell whose text was not a clean number (T02 / T05): '/', '—', '22（其中修订 16 件）'. */
export interface RawCell {
  table: TableKey
  row: string
  column: string
  text: string
  line: number
  /** The number recovered from annotated text, if any ('22（其中修订16件）' → 22). */
  value: Cell
}

export interface ParseNote {
  /** Machine-readable kind, e.g. 'table-unreadable', 'no-title', 'decoded-by-sums'. */
  code: string
  /** Chinese explanation for the supervisor. */
  message: string
  line?: number
  table?: TableKey
}

export interface ParsedReport {
  agency: string | null
  year: number | null
  template: TemplateVersion | null
  tables: Tables
  /** Title as found and its line (evidence for M01). */
  title: { text: string; line: number; year: number | null } | null
  /** 本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日 … (S03, M01). */
  period: { text: string; line: number; year: number | null } | null
  /** Every section heading hit in document order, duplicates included (S01, S02). */
  headings: SectionHeadingHit[]
  /** First occurrence of each section with its span. */
  sections: SectionInfo[]
  /** Table key → first/last line. */
  tableLines: Partial<Record<TableKey, [number, number]>>
  /** 'applications.granted.total' → line; 'proactive.fees' → line; 'reviewLitigation.review' → line. */
  cellLines: Record<string, number>
  labelIssues: LabelIssue[]
  rawCells: RawCell[]
  /** True where the 2019 proactive blocks and 2021 blocks are mixed (M04 / T03). */
  mixedTemplate: boolean
  /** Publication date (ISO) from the closing date line or the file's metadata (M05). */
  publicationDate: { date: string; source: string; line?: number } | null
  notes: ParseNote[]
  /**
   * Only for a document read by OCR (issue #24): the pages and engine (DocumentMeta.ocr), and for
   * every cell key of `cellLines` the OCR read its value came from (null: no read, no box).
   */
  ocr?: DocumentOcr
  ocrCells?: Record<string, OcrRead | null>
  /** What the table's own sums say of each OCR'd cell (rules/ocr-verify.ts), set by the pipeline. */
  ocrCheck?: OcrCheck
}

export type DocumentOcr = NonNullable<DocumentMeta['ocr']>

/**
 * How far the table's own sums vouch for a cell read by OCR:
 * - vouched: a sum that holds and does not rest on this cell alone confirms it;
 * - repaired: not read, filled from two independent sums that agree (guarded, ocr-verify.ts);
 * - uncertain: read, but no sum confirms it (a broken sum, or no sum at all: the proactive table);
 * - unread: nothing read (the cell is null);
 * - misread: read, the two sums through it agree on another value and the read was not clear: no
 *   finding rests on it (see rules/ocr-verify.ts);
 * - confirmed / corrected: the supervisor checked it on the image (已人工核对 / 已更正).
 */
export type OcrCellStatus =
  'vouched' | 'repaired' | 'uncertain' | 'unread' | 'misread' | 'confirmed' | 'corrected'

export interface OcrCheck {
  /** Every cell not vouched for (`table.row.column`, cli.md), in the tables' order. */
  uncertain: string[]
  /** Status of every cell of the tables found; `suggested` where the sums imply a value. */
  cells: Record<string, { status: OcrCellStatus; read: number | null; suggested?: number }>
}
