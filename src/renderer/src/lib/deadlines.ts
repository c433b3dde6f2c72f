/**
 * M05 publication deadlines as the settings screen edits them. The defaults repeat rules.md (M05):
 * departments 31 January, a people's government's own report 31 March, towns/streets 31 January;
 * the core holds the same values (src/core/rules/context.ts) but the renderer cannot import it.
 */
import type { AgencyLevel, DateOfYear, Settings } from '../../../shared/api'

export type Deadlines = Settings['deadlines']

export const DEFAULT_DEADLINES: Deadlines = {
  department: { month: 1, day: 31 },
  government: { month: 3, day: 31 },
  township: { month: 1, day: 31 }
}

/** What the inputs hold: text, so a half-typed value is not forced into a number. */
export type DeadlineDraft = Record<AgencyLevel, { month: string; day: string }>

export function toDraft(d: Deadlines): DeadlineDraft {
  const one = (x: DateOfYear): { month: string; day: string } => ({
    month: String(x.month),
    day: String(x.day)
  })
  return { department: one(d.department), government: one(d.government), township: one(d.township) }
}

/** Days in a month of a common year: 29 February is refused, as the core's schema does. */
function daysIn(month: number): number {
  return new Date(Date.UTC(2001, month, 0)).getUTCDate()
}

/** A Chinese message for an impossible date, or the date. */
export function parseDate(v: { month: string; day: string }): DateOfYear | string {
  const month = Number(v.month.trim())
  const day = Number(v.day.trim())
  if (!Number.isInteger(month) || month < 1 || month > 12) return '月份应为 1–12'
  if (!Number.isInteger(day) || day < 1 || day > daysIn(month))
    return `${month} 月没有第 ${v.day.trim() || '?'} 日`
  return { month, day }
}

export function sameDate(a: DateOfYear, b: DateOfYear): boolean {
  return a.month === b.month && a.day === b.day
}

export function dateText(d: DateOfYear): string {
  return `${d.month} 月 ${d.day} 日`
}
