/**
 * Reading the parsed tables the way every rule needs them: the template a report follows, the
 * source line of a cell, and the proactive table flattened to (item, column, value) whatever its
 * format. Cells are `number | null`; null is never read as 0.
 */
import { proactiveItem, type Cell, type ParsedReport, type Proactive } from '../../shared/model'
import { proactiveItems, type TableKey, type TemplateVersion } from '../../shared/template'

/** The template the tables follow; a report without one is read as the 2021 format. */
export function templateOf(report: ParsedReport): TemplateVersion {
  if (report.template) return report.template
  const apps = report.tables.applications
  return apps && 'other' in apps && !('other.other' in apps) ? '2019' : '2021'
}

/**
 * Source line of a cell: 'applications.granted.total', else the row 'applications.granted', else
 * the table's first line. The parser records what it could.
 */
export function cellLine(
  report: ParsedReport,
  table: TableKey,
  ...keys: string[]
): number | undefined {
  for (let n = keys.length; n >= 1; n--) {
    const line = report.cellLines[[table, ...keys.slice(0, n)].join('.')]
    if (line !== undefined) return line
  }
  // An empty cell has no line of its own: any other cell of the same row/group has the row's line.
  if (keys[0] !== undefined) {
    const line = rowLines(report).get(`${table}.${keys[0]}`)
    if (line !== undefined) return line
  }
  return report.tableLines[table]?.[0]
}

/**
 * Each row's (or group's) first cell line, `table.row` → line, made once per report: the rules
 * ask for it per cell, and scanning every cell line each time was most of a PDF's rules time.
 */
const rowLineMaps = new WeakMap<Record<string, number>, Map<string, number>>()
function rowLines(report: ParsedReport): Map<string, number> {
  let map = rowLineMaps.get(report.cellLines)
  if (!map) {
    map = new Map()
    for (const [key, line] of Object.entries(report.cellLines)) {
      // `table.row.column` (a row key may hold dots: `denied.stateSecret`): every prefix of two
      // or more parts stands for the row or group it names.
      const parts = key.split('.')
      for (let n = 2; n < parts.length; n++) {
        const prefix = parts.slice(0, n).join('.')
        const seen = map.get(prefix)
        if (seen === undefined || line < seen) map.set(prefix, line)
      }
    }
    rowLineMaps.set(report.cellLines, map)
  }
  return map
}

export function lines(...xs: (number | undefined)[]): number[] {
  return xs.filter((x): x is number => x !== undefined)
}

export interface ProactiveCell {
  item: string
  /** '' for a single-number item (2021 licensing, penalty, enforcement, fees). */
  column: string
  value: Cell
  decimal: boolean
  signed: boolean
}

/** Every numeric cell of the proactive table, in template order. */
export function proactiveCells(p: Proactive, template: TemplateVersion): ProactiveCell[] {
  const out: ProactiveCell[] = []
  for (const def of proactiveItems(template)) {
    const v = proactiveItem(p, def.key)
    const decimal = (def.decimal ?? []) as readonly string[]
    const signed = (def.signed ?? []) as readonly string[]
    if (def.columns.length === 0) {
      if (v === undefined) continue
      out.push({
        item: def.key,
        column: '',
        value: typeof v === 'number' ? v : null,
        decimal: decimal.includes(''),
        signed: signed.includes('')
      })
      continue
    }
    if (v === null || typeof v !== 'object') continue
    for (const col of def.columns) {
      const c = v[col]
      out.push({
        item: def.key,
        column: col,
        value: typeof c === 'number' ? c : null,
        decimal: decimal.includes(col),
        signed: signed.includes(col)
      })
    }
  }
  return out
}

/** A proactive value by item and column ('' for a single-number item); undefined when absent. */
export function proactiveValue(
  report: ParsedReport,
  item: string,
  column: string
): Cell | undefined {
  const p = report.tables.proactive
  if (!p) return undefined
  const hit = proactiveCells(p, templateOf(report)).find(
    c => c.item === item && c.column === column
  )
  return hit ? hit.value : undefined
}

/** Sum of cells, or null when any is null or absent (an empty cell is not zero). */
export function sumOf(values: (Cell | undefined)[]): number | null {
  let s = 0
  for (const v of values) {
    if (v === null || v === undefined) return null
    s += v
  }
  return Number(s.toFixed(6))
}
