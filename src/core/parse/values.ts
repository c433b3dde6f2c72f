/**
 * Which cells of a row are its N values. Rows lose or gain leading cells when merged cells are
 * flattened (sample 003: `(七) 总计\t0\t0…` shifted one cell left, `⇥(三) 不予公开⇥1.属于国家秘密⇥0…`
 * with its label one cell right), and empty cells must stay empty in place (sample 004's
 * reviewLitigation row `\t\t\t\t\t0\t0…`: the first five cells are empty, not shifted).
 *
 * Order of evidence: the table's own header columns (HTML grids, corpus/real 001: values under
 * 自然人…总计 at fixed columns with `&nbsp;` cells empty); a row with exactly N cells after its
 * label; a row with exactly N non-empty value cells; the offset other rows of the same table use.
 * When none decides, the row is ambiguous and its cells are reported unreadable — never guessed.
 */
import { isEmptyCell, isValueLike } from './cells'
import type { LogicalRow } from './rows'

export interface ColumnLayout {
  /** Absolute column index of the first value, and the number of values. */
  start: number
  width: number
}

/** restLength → offset of the first value, learnt from the unambiguous rows of one table. */
export type LearntOffsets = Map<number, number>

function absolute(row: LogicalRow, n: number, layout: ColumnLayout | null): string[] | null {
  if (!layout || layout.width !== n || row.labelEnd >= layout.start) return null
  if (row.paragraph || row.cells.length <= layout.start) return null
  const end = layout.start + n
  for (let i = row.labelEnd + 1; i < row.cells.length; i++) {
    if (i >= layout.start && i < end) continue
    if (!isEmptyCell(row.cells[i] ?? '')) return null
  }
  const out = row.cells.slice(layout.start, end)
  while (out.length < n) out.push('')
  return out
}

function windows(rest: string[], n: number): number[] {
  const filled = rest.map((c, i) => (isEmptyCell(c) ? -1 : i)).filter(i => i >= 0)
  const first = filled[0] ?? 0
  const last = filled[filled.length - 1] ?? rest.length - 1
  const out: number[] = []
  for (let off = 0; off + n <= rest.length; off++) {
    if (off <= first && off + n - 1 >= last) out.push(off)
  }
  return out
}

/**
 * Where a picked value came from: its row and index in the row's `cells`, so an OCR'd table can say
 * which read gave each cell (issue #24). Null for a cell padded in (no source cell).
 */
export type CellSource = { row: LogicalRow; index: number } | null

export type Pick = {
  cells: string[]
  how: 'layout' | 'exact' | 'filled' | 'learnt'
  /** Present only for rows that carry OCR reads: other rows are not slowed by it. */
  src?: CellSource[]
} | null

function sources(row: LogicalRow, indices: number[]): CellSource[] | undefined {
  if (!row.ocr) return undefined
  return indices.map(index => (index >= 0 ? { row, index } : null))
}

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k)

export function pickValues(
  row: LogicalRow,
  n: number,
  layout: ColumnLayout | null,
  learnt: LearntOffsets
): Pick {
  const rest = row.values
  const filled = rest.filter(c => !isEmptyCell(c))
  if (filled.length > n) return null
  const abs = absolute(row, n, layout)
  const base = row.labelEnd + 1
  if (abs) {
    const src = sources(
      row,
      range(layout!.start, n).map(i => (i < row.cells.length ? i : -1))
    )
    return { cells: abs, how: 'layout', src }
  }
  if (rest.length === n) return { cells: rest, how: 'exact', src: sources(row, range(base, n)) }
  if (filled.length === 0) return null
  if (filled.length === n && rest.every(isValueLike)) {
    const idx = row.ocr ? rest.flatMap((c, i) => (isEmptyCell(c) ? [] : [base + i])) : []
    return { cells: filled, how: 'filled', src: sources(row, idx) }
  }
  if (rest.length > n) {
    const cands = windows(rest, n)
    const off = learnt.get(rest.length)
    const at = cands.length === 1 ? cands[0]! : off !== undefined && cands.includes(off) ? off : -1
    if (at >= 0)
      return {
        cells: rest.slice(at, at + n),
        how: 'learnt',
        src: sources(row, range(base + at, n))
      }
  }
  return null
}

/** Learn, per row length, where values start, from rows whose N values are all filled in. */
export function learnOffsets(rows: LogicalRow[], n: number): LearntOffsets {
  const votes = new Map<number, Map<number, number>>()
  for (const r of rows) {
    const rest = r.values
    const filledIdx = rest.map((c, i) => (isEmptyCell(c) ? -1 : i)).filter(i => i >= 0)
    if (filledIdx.length !== n || rest.length <= n) continue
    const off = filledIdx[0]!
    if (filledIdx[n - 1] !== off + n - 1) continue
    const m = votes.get(rest.length) ?? new Map<number, number>()
    m.set(off, (m.get(off) ?? 0) + 1)
    votes.set(rest.length, m)
  }
  const out: LearntOffsets = new Map()
  for (const [len, m] of votes) {
    const best = [...m.entries()].sort((a, b) => b[1] - a[1])[0]
    if (best) out.set(len, best[0])
  }
  return out
}

/**
 * One cell per line (and PDF/markdown rows broken over lines): the filled values of row `i` and of
 * the label-less rows right after it, when they make exactly `n`. `last` is the last row used.
 */
export function collectFollowing(
  rows: LogicalRow[],
  i: number,
  n: number
): { cells: string[]; last: number; src?: CellSource[] } | null {
  const collected: string[] = []
  const src: CellSource[] = []
  const take = (r: LogicalRow): void => {
    r.values.forEach((v, k) => {
      if (isEmptyCell(v)) return
      collected.push(v)
      src.push(r.ocr ? { row: r, index: r.labelEnd + 1 + k } : null)
    })
  }
  take(rows[i]!)
  let j = i + 1
  while (collected.length < n && j < rows.length) {
    const nx = rows[j]!
    if (nx.labels.length > 0 || !nx.values.every(isValueLike)) break
    take(nx)
    j++
  }
  if (collected.length !== n) return null
  return src.some(x => x !== null)
    ? { cells: collected, last: j - 1, src }
    : { cells: collected, last: j - 1 }
}
