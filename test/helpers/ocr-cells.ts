/**
 * How many of a text-layer document's table cells an OCR'd document reads exactly (issue #24; the
 * test and bench/ocr.ts). Rows are aligned in order: each text-layer row is matched to the OCR row,
 * at most a few rows on, that shares the most cells with it (OCR may add or drop a row: a box
 * without rules read as lines). Cells are compared without spaces; empty cells are not counted.
 */
import type { DocumentModel } from '../../src/shared/document'

export interface CellScore {
  /** Non-empty cells of the text layer's tables (within the rows the OCR'd pages hold). */
  cells: number
  exact: number
  /** The cells read wrong, `want → got`, for the figures and a failing test's message. */
  wrong: string[]
}

const norm = (s: string): string => s.replace(/\s+/g, '')

export function cellScore(want: DocumentModel, got: DocumentModel, rowsLimit?: number): CellScore {
  const rows = (d: DocumentModel): string[][] =>
    d.blocks.flatMap(b => (b.kind === 'table' ? b.rows.map(r => r.cells.map(norm)) : []))
  const ref = rows(want).slice(0, rowsLimit)
  const ocr = rows(got)
  let j = 0
  let cells = 0
  let exact = 0
  const wrong: string[] = []
  for (const r of ref) {
    const filled = r.filter(c => c !== '').length
    cells += filled
    let best = -1
    let bestSame = 0
    for (let k = j; k < Math.min(ocr.length, j + 6); k++) {
      const same = r.filter((c, i) => c !== '' && ocr[k]![i] === c).length
      if (same > bestSame) {
        bestSame = same
        best = k
      }
    }
    exact += bestSame
    const o = best >= 0 ? ocr[best]! : []
    r.forEach((c, i) => {
      if (c !== '' && o[i] !== c) wrong.push(`${c} → ${o[i] ?? '(none)'}`)
    })
    if (best >= 0) j = best + 1
  }
  return { cells, exact, wrong }
}
