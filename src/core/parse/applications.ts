/**
 * Table "applications" (section 3): 25 rows (2021) or 23 (2019 trial format) × 7 applicant columns.
 * Rows are matched to the template in order, by normalised label, so a row whose label was altered
 * (`3.申请` for `3.其他`, sample 004) still lands in its slot and is reported (T03), a truncated label
 * still matches, and a missing or extra row is reported rather than shifting the rest.
 */
import type { Applications, ApplicationsRow } from '../../shared/model'
import {
  APPLICANT_COLUMNS,
  applicationRows,
  type RowDef,
  type TemplateVersion
} from '../../shared/template'
import { isEmptyCell } from './cells'
import { labelSimilarity, normLabel, stripNumbering, tidyLabel } from './normalize'
import { lastLabel, type LogicalRow } from './rows'
import { TableReader } from './table-context'
import {
  type CellSource,
  collectFollowing,
  learnOffsets,
  pickValues,
  type ColumnLayout
} from './values'

const N = APPLICANT_COLUMNS.length
const HEADER_WORDS = ['勾稽关系', '申请人情况', '自然人', '商业企业', '科研机构', '法人或其他组织']

export function applicationsVersion(rows: LogicalRow[]): TemplateVersion {
  const text = rows.map(r => r.norm).join('')
  if (/逾期不补正|逾期未按收费通知|缴纳费用/.test(text)) return '2021'
  // 2019 trial format: （六）其他处理 is a row of its own, with no 1./2./3. sub-rows.
  if (/\(六\)其他处理/.test(text) && !/\(六\)其他处理1\./.test(text)) return '2019'
  return '2021'
}

function headerLayout(rows: LogicalRow[]): ColumnLayout | null {
  let natural = -1
  let total = -1
  for (const r of rows) {
    if (r.paragraph) continue
    r.cells.forEach((c, i) => {
      const n = normLabel(c)
      if (n === '自然人' && natural < 0) natural = i
      if (n === '总计' && total < 0) total = i
    })
  }
  if (natural < 0 || total - natural + 1 !== N) return null
  return { start: natural, width: N }
}

function isHeader(r: LogicalRow): boolean {
  if (r.values.some(v => !isEmptyCell(v))) return false
  return HEADER_WORDS.some(w => r.norm.includes(w))
}

interface DefNorm {
  target: string
  stripped: string
  grouped: string | null
}
const defNorms = new WeakMap<RowDef, DefNorm>()
function defNorm(def: RowDef): DefNorm {
  let d = defNorms.get(def)
  if (!d) {
    const target = normLabel(def.label)
    d = {
      target,
      stripped: stripNumbering(target),
      grouped: def.group ? normLabel(def.group) + target : null
    }
    defNorms.set(def, d)
  }
  return d
}

function similarity(row: LogicalRow, def: RowDef, pending: string): number {
  const d = defNorm(def)
  const own = lastLabel(row)
  // Fast path: the label as printed (most rows of most files).
  if (!pending && (own === d.target || (own.length > 2 && stripNumbering(own) === d.stripped)))
    return 1
  const candidates = [own, pending + own, pending].filter(Boolean)
  let best = 0
  for (const c of candidates) {
    best = Math.max(
      best,
      labelSimilarity(c, d.target),
      labelSimilarity(stripNumbering(c), d.stripped) * 0.95
    )
    if (d.grouped) best = Math.max(best, labelSimilarity(c, d.grouped))
  }
  return best
}

const MATCH = 0.6

/** How many different template rows (from `pos`) the label fragments name on their own. */
function labelsIn(parts: string[], defs: readonly RowDef[], pos: number): number {
  const hit = new Set<number>()
  for (const part of parts) {
    let bestK = -1
    let bestS = MATCH
    for (let k = pos; k < Math.min(defs.length, pos + 8); k++) {
      const s = labelSimilarity(part, normLabel(defs[k]!.label))
      if (s >= bestS) {
        bestS = s
        bestK = k
      }
    }
    if (bestK >= 0) hit.add(bestK)
  }
  return hit.size
}

/** Template slot of the next row (from `from`) that has values and a matching label, or -1. */
function nextMatch(body: LogicalRow[], from: number, defs: readonly RowDef[], pos: number): number {
  for (let j = from; j < body.length; j++) {
    const r = body[j]!
    if (!r.values.some(v => !isEmptyCell(v)) || r.labels.length === 0) continue
    let bestK = -1
    let bestS = 0
    for (let k = pos; k < Math.min(defs.length, pos + 6); k++) {
      const s = similarity(r, defs[k]!, '')
      if (s > bestS) {
        bestS = s
        bestK = k
      }
    }
    return bestS >= MATCH ? bestK : -1
  }
  return -1
}

export interface ApplicationsResult {
  table: Applications
  version: TemplateVersion
  reader: TableReader
}

export function parseApplications(region: LogicalRow[]): ApplicationsResult {
  const version = applicationsVersion(region)
  const defs = applicationRows(version)
  const reader = new TableReader('applications')
  const layout = headerLayout(region)
  const body = region.filter(r => !isHeader(r))
  const learnt = learnOffsets(body, N)
  const found = new Map<
    string,
    { cells: string[]; line: number; label: string; src?: CellSource[] }
  >()

  let pos = 0
  let pending = ''
  let pendingParts: string[] = []
  for (let i = 0; i < body.length && pos < defs.length; i++) {
    const row = body[i]!
    const hasValues = row.values.some(v => !isEmptyCell(v))
    if (!hasValues && row.labels.length > 0 && !(row.values.length >= N && !row.paragraph)) {
      // A label alone: the first half of a label broken over lines, or a one-cell-per-line row.
      pending = pending + lastLabel(row)
      pendingParts.push(lastLabel(row))
      continue
    }
    if (!hasValues && row.labels.length === 0) continue
    if (row.labels.length === 0 && labelsIn(pendingParts, defs, pos) > 1) {
      // Several row labels piled up before label-less value rows (PDF-to-markdown, corpus/real
      // 042): which values belong to which label is not in the file. Leave them unread.
      reader.note(
        'unlabelled-row',
        `第 ${row.line} 行的数值无法对应到唯一的行标签，未采用`,
        row.line
      )
      pending = ''
      pendingParts = []
      continue
    }

    // Score the next few template rows.
    let bestK = -1
    let bestS = 0
    for (let k = pos; k < Math.min(defs.length, pos + 6); k++) {
      const s = similarity(row, defs[k]!, pending)
      if (s > bestS + 0.001) {
        bestS = s
        bestK = k
      }
      if (s === 1) break // the expected row, as printed: nothing further can score higher
    }
    const labelText = tidyLabel([pending, ...row.labels].filter(Boolean).join(' '))
    let k = bestK
    if (bestS < MATCH) {
      if (!labelText) {
        reader.note('unlabelled-row', `第 ${row.line} 行的数值没有对应的行标签，未采用`, row.line)
        pending = ''
        pendingParts = []
        continue
      }
      // An altered label in the expected slot (sample 004 `3.申请` for `3.其他`) — only when the
      // row has its seven values and the next labelled row continues at the following slot;
      // otherwise it is an extra row (corpus/real 041's `| (数据项目) | 数量 |` header rows).
      const filledCount = row.values.filter(v => !isEmptyCell(v)).length
      const nextK = nextMatch(body, i + 1, defs, pos + 1)
      const fits =
        (filledCount === N || row.values.length === N) &&
        (nextK === pos + 1 || (nextK === -1 && pos === defs.length - 1))
      if (!fits) {
        reader.labelIssues.push({
          table: 'applications',
          kind: 'extra',
          found: labelText,
          line: row.line
        })
        pending = ''
        pendingParts = []
        continue
      }
      k = pos
      reader.labelIssues.push({
        table: 'applications',
        kind: 'altered',
        row: defs[k]!.key,
        expected: defs[k]!.label,
        found: labelText,
        line: row.line
      })
    } else {
      const def = defs[k]!
      const own = normLabel(pending + lastLabel(row))
      if (!own.endsWith(stripNumbering(normLabel(def.label))) && bestS < 0.999) {
        reader.labelIssues.push({
          table: 'applications',
          kind: 'altered',
          row: def.key,
          expected: def.label,
          found: labelText,
          line: row.line
        })
      }
    }
    for (let m = pos; m < k; m++) {
      reader.labelIssues.push({
        table: 'applications',
        kind: 'missing',
        row: defs[m]!.key,
        expected: defs[m]!.label
      })
    }

    // Values: on this row, or one per line below it (one-cell-per-line layout).
    let pick = pickValues(row, N, layout, learnt)
    if (!pick && row.values.filter(v => !isEmptyCell(v)).length < N) {
      const more = collectFollowing(body, i, N)
      if (more) {
        pick = { cells: more.cells, how: 'exact', src: more.src }
        i = more.last
      }
    }
    if (!pick) {
      reader.note(
        'row-ambiguous',
        `第 ${row.line} 行数值的列位置无法确定，按无法识别处理`,
        row.line
      )
    }
    found.set(defs[k]!.key, {
      cells: pick?.cells ?? new Array<string>(N).fill(''),
      src: pick?.src,
      line: row.line,
      label: labelText
    })
    pos = k + 1
    pending = ''
    pendingParts = []
  }

  const table: Applications = {}
  for (const def of defs) {
    const f = found.get(def.key)
    const row = {} as ApplicationsRow
    APPLICANT_COLUMNS.forEach((col, c) => {
      row[col] = f ? reader.cell(def.key, col, f.cells[c], f.line, f.src?.[c]) : null
    })
    table[def.key] = row
    if (!f && !reader.labelIssues.some(x => x.row === def.key)) {
      reader.labelIssues.push({
        table: 'applications',
        kind: 'missing',
        row: def.key,
        expected: def.label
      })
    }
  }
  return { table, version, reader }
}
