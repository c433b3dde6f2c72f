import type { AgencyLevel, CellStatus } from '../../../shared/api'
import { AGENCY_LEVEL_NAMES } from '../../../shared/api'
import { SEVERITY_NAMES, type Severity } from '../../../shared/rules'

export const STATUS_NAMES: Record<CellStatus, string> = {
  clean: '无问题',
  warnings: '有警告',
  errors: '有错误',
  none: '未报送'
}

export function severityName(s: Severity): string {
  return SEVERITY_NAMES[s]
}

export function levelName(l: AgencyLevel | null): string {
  return l ? AGENCY_LEVEL_NAMES[l] : '—'
}

export function num(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : n.toLocaleString('zh-CN')
}

export function percent(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(0)}%`
}

export function dateTime(iso: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}
