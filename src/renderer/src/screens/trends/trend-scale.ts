/**
 * What the 同比趋势 charts need besides the data (issue #22): axis numbers with thousands separators
 * and an axis wide enough for them (4000000 lost a digit at a fixed 44 px), and the years with too
 * few reports to compare — a year with 3 of 334 reports in, summed, drew as a collapse to 0.
 */
import type { TrendPoint } from '../../../../shared/api'

/** 4,000,000 — as the axis and the tooltip print a count. */
export function thousands(n: number | string | null | undefined): string {
  if (n === null || n === undefined || n === '') return ''
  const v = typeof n === 'number' ? n : Number(n)
  return Number.isFinite(v) ? v.toLocaleString('zh-CN') : String(n)
}

/** Axis width (px) for the largest value of the series, printed with separators, at 12 px. */
export function axisWidth(values: Array<number | null | undefined>): number {
  const max = Math.max(0, ...values.map(v => Math.abs(v ?? 0)))
  // Recharts rounds the top tick up: allow for one digit more than the data's largest value.
  const text = thousands(Math.ceil(max * 1.25))
  return Math.max(36, Math.round(text.length * 7.4) + 14)
}

/**
 * Years whose report count is under a tenth of the best-covered year's (and under 20): their sums
 * say how few reports came in, not how much was done. The charts leave them out and say why.
 */
export function thinYears(
  points: TrendPoint[]
): Array<{ year: number; reports: number; most: number }> {
  const most = Math.max(0, ...points.map(p => p.reports))
  return points
    .filter(p => p.reports > 0 && p.reports < most / 10 && p.reports < 20)
    .map(p => ({ year: p.year, reports: p.reports, most }))
}
