/**
 * The roster (应报送单位名单): the units that must publish a report, as the supervisor keeps them in
 * a spreadsheet, and the coverage (应报尽报) computed against it. Pure: the file readers
 * (core/ingest/roster-file.ts) turn a workbook or a csv into rows of cells; `rosterFromRows` finds
 * the header and checks every row, so the desktop app, the HTTP server and the CLI refuse the same
 * files with the same messages.
 */
import { normalizeAgencyName } from './agency'
import { AGENCY_LEVEL_NAMES, type AgencyLevel } from './model'

/** A unit as imported or edited (no id yet). */
export interface RosterUnitInput {
  name: string
  level: AgencyLevel | null
  region: string | null
  aliases: string[]
  startYear: number | null
  endYear: number | null
}

export interface RosterUnit extends RosterUnitInput {
  id: number
}

/** 按时报送 / 逾期报送 / 已报送·日期不明 / 未报送 / 名单外. */
export type CoverageStatus = 'onTime' | 'late' | 'undated' | 'missing' | 'unlisted'
export const COVERAGE_STATUSES: readonly CoverageStatus[] = [
  'onTime',
  'late',
  'undated',
  'missing',
  'unlisted'
]
export const COVERAGE_STATUS_NAMES: Record<CoverageStatus, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  undated: '已报送·日期不明',
  missing: '未报送',
  unlisted: '名单外'
}

export class RosterError extends Error {
  override name = 'RosterError'
}

/** Header texts by column, compared after normalising (NFKC, no spaces, no brackets' content). */
const HEADERS: Record<'name' | 'level' | 'region' | 'aliases' | 'startYear' | 'endYear', string[]> =
  {
    name: ['单位名称', '单位全称', '单位'],
    level: ['层级', '单位层级', '级别'],
    region: ['所属地区', '地区', '所属区域', '区域'],
    aliases: ['别名', '曾用名', '其他名称'],
    startYear: ['起始年度', '起始年份', '开始年度'],
    endYear: ['终止年度', '终止年份', '结束年度']
  }
type Column = keyof typeof HEADERS

/** A header cell as compared: 单位名称（全称） → 单位名称. */
function headerText(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\([^()]{0,20}\)$/, '')
    .replace(/[*：:]/g, '')
}

/** How many leading rows may sit above the header (a title, a date, a note). */
const HEADER_SEARCH_ROWS = 10

const LEVELS: Array<[AgencyLevel, string[]]> = [
  ['department', ['政府部门', '部门', '市直部门', '县直部门', '区直部门']],
  ['government', ['人民政府', '政府', '县区政府', '县(市、区)政府']],
  ['township', ['乡镇(街道)', '乡镇街道', '乡镇', '街道', '乡镇、街道', '乡(镇、街道)']]
]

/** 政府部门 / 人民政府 / 乡镇（街道） (and their usual short forms) → level; null when unknown. */
export function parseLevel(text: string): AgencyLevel | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')')
  for (const [level, names] of LEVELS) if (names.includes(t)) return level
  return null
}

function parseYear(text: string): number | null | 'bad' {
  const t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/年度?$/, '')
  if (t === '') return null
  if (!/^\d{4}$/.test(t)) return 'bad'
  const y = Number(t)
  return y >= 1990 && y <= 2200 ? y : 'bad'
}

/**
 * 别名: several, separated by ；or ; (or one a line in the cell). Not 、 or ，: a unit's full name
 * holds them (中共某县委宣传部（县新闻出版局、县版权局）).
 */
export function splitAliases(text: string): string[] {
  return text
    .split(/[;；\n]/)
    .map(s => s.trim())
    .filter(s => s !== '')
}

function clean(cell: string | undefined): string {
  return (cell ?? '').replace(/[\u00a0\u3000]/g, ' ').trim()
}

/**
 * Rows of cells (row numbers as the spreadsheet shows them) → the units. The header is the first
 * row, among the first ten, with a 单位名称 cell; blank rows are skipped. Throws a RosterError
 * naming the row for anything it cannot take as it is: the whole file is refused, never half read.
 */
export function rosterFromRows(rows: Array<{ row: number; cells: string[] }>): RosterUnitInput[] {
  let headerAt = -1
  const cols = new Map<Column, number>()
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS) && headerAt < 0; i++) {
    const cells = rows[i]!.cells.map(c => headerText(clean(c)))
    const nameCol = cells.findIndex(c => HEADERS.name.includes(c))
    if (nameCol < 0) continue
    headerAt = i
    for (const [col, names] of Object.entries(HEADERS) as Array<[Column, string[]]>) {
      const at = cells.findIndex(c => names.includes(c))
      if (at >= 0) cols.set(col, at)
    }
  }
  if (headerAt < 0) {
    throw new RosterError(
      `没有找到表头：前 ${HEADER_SEARCH_ROWS} 行中没有“单位名称”列。名单的表头须有“单位名称”，可选“层级”“所属地区”“别名”“起始年度”“终止年度”。`
    )
  }
  const units: RosterUnitInput[] = []
  const seen = new Map<string, { row: number; name: string }>()
  const at = (cells: string[], col: Column): string => {
    const i = cols.get(col)
    return i === undefined ? '' : clean(cells[i])
  }
  for (const { row, cells } of rows.slice(headerAt + 1)) {
    if (cells.every(c => clean(c) === '')) continue
    const name = at(cells, 'name').replace(/\s+/g, ' ')
    if (name === '') throw new RosterError(`第 ${row} 行：单位名称为空（该行其他列有内容）。`)
    const levelText = at(cells, 'level')
    const level = levelText === '' ? null : parseLevel(levelText)
    if (levelText !== '' && level === null) {
      throw new RosterError(
        `第 ${row} 行：层级“${levelText}”无法识别，应为${Object.values(AGENCY_LEVEL_NAMES)
          .map(n => `“${n}”`)
          .join('、')}之一，或留空。`
      )
    }
    const years: Record<'startYear' | 'endYear', number | null> = { startYear: null, endYear: null }
    for (const col of ['startYear', 'endYear'] as const) {
      const text = at(cells, col)
      const y = parseYear(text)
      if (y === 'bad')
        throw new RosterError(
          `第 ${row} 行：${col === 'startYear' ? '起始年度' : '终止年度'}“${text}”不是年份（如 2021）。`
        )
      years[col] = y
    }
    if (years.startYear !== null && years.endYear !== null && years.startYear > years.endYear) {
      throw new RosterError(
        `第 ${row} 行：起始年度 ${years.startYear} 晚于终止年度 ${years.endYear}。`
      )
    }
    const region = at(cells, 'region')
    const unit: RosterUnitInput = {
      name,
      level,
      region: region === '' ? null : region,
      aliases: splitAliases(at(cells, 'aliases')),
      ...years
    }
    claimNames(unit, row, seen)
    units.push(unit)
  }
  if (units.length === 0)
    throw new RosterError('名单中没有单位：表头以下没有任何一行填写了单位名称。')
  return units
}

/** A name (or alias) that two units claim would make matching a guess: refused, naming both rows. */
function claimNames(
  unit: RosterUnitInput,
  row: number,
  seen: Map<string, { row: number; name: string }>
): void {
  const own = new Set<string>()
  for (const n of [unit.name, ...unit.aliases]) {
    const key = normalizeAgencyName(n)
    if (key === '' || own.has(key)) continue
    own.add(key)
    const before = seen.get(key)
    if (before) {
      throw new RosterError(
        before.name === unit.name && n === unit.name
          ? `第 ${row} 行：单位“${unit.name}”与第 ${before.row} 行重复。`
          : `第 ${row} 行：名称“${n}”已在第 ${before.row} 行（${before.name}）出现，同一名称不能属于两个单位。`
      )
    }
    seen.set(key, { row, name: unit.name })
  }
}

/**
 * Pasted text: one unit a line. Lines copied from a spreadsheet (tab-separated) whose first line
 * is a header with 单位名称 are read like a file; otherwise each non-blank line is a unit name.
 */
export function rosterFromText(text: string): RosterUnitInput[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/)
  const rows = lines.map((l, i) => ({ row: i + 1, cells: l.split('\t') }))
  const first = rows.find(r => r.cells.some(c => c.trim() !== ''))
  if (first && first.cells.some(c => HEADERS.name.includes(headerText(clean(c)))))
    return rosterFromRows(rows)
  const named = rows.map(r => ({ row: r.row, cells: [r.cells[0] ?? ''] }))
  return rosterFromRows([{ row: 0, cells: ['单位名称'] }, ...named])
}

/** Whether the unit must report for `year` (its 起始年度 / 终止年度). */
export function unitActive(
  u: Pick<RosterUnitInput, 'startYear' | 'endYear'>,
  year: number
): boolean {
  return (u.startYear === null || year >= u.startYear) && (u.endYear === null || year <= u.endYear)
}

/** One unit × year under review, or one agency-year that matches no unit (`unlisted`). */
export interface CoverageEntry {
  /** The roster unit; null for an unlisted agency. */
  unitId: number | null
  /** The roster's 单位名称, or the agency's name for an unlisted one. */
  unit: string
  region: string | null
  /** The level whose deadline applies: the roster's, else the agency's (set by hand or inferred). */
  level: AgencyLevel
  year: number
  status: CoverageStatus
  /** The agency the shown report belongs to (always set for an unlisted one), else null. */
  agencyKey: string | null
  /** The report that counts (the current, non-superseded one, earliest published). */
  reportId: number | null
  /** Every current report of the unit-year, duplicates included. */
  reportIds: number[]
  published: string | null
  deadline: string | null
  /** Open findings of the report that counts. */
  errors: number
  warnings: number
}

/** 应报 / 已报 / 按时 / 逾期 / 日期不明 / 未报, and 名单外 agency-years. */
export interface CoverageCounts {
  required: number
  reported: number
  onTime: number
  late: number
  undated: number
  missing: number
  unlisted: number
}

export interface RegionCoverage extends CoverageCounts {
  /** null: units without 所属地区. */
  region: string | null
  /** reported / required, 0..1; null when nothing is required. */
  rate: number | null
}

export function emptyCoverageCounts(): CoverageCounts {
  return { required: 0, reported: 0, onTime: 0, late: 0, undated: 0, missing: 0, unlisted: 0 }
}

export function countCoverage(
  entries: readonly CoverageEntry[],
  into = emptyCoverageCounts()
): CoverageCounts {
  for (const e of entries) {
    if (e.status === 'unlisted') {
      into.unlisted++
      continue
    }
    into.required++
    into[e.status]++
    if (e.status !== 'missing') into.reported++
  }
  return into
}
