/** Colours and badges for statuses and severities, one vocabulary for every screen. */
import type { ReactNode } from 'react'
import type { CellStatus } from '../../../shared/api'
import type { Severity } from '../../../shared/rules'
import { STATUS_NAMES, severityName } from '../lib/format'

export function StatusDot({ status }: { status: CellStatus }): ReactNode {
  return <span className={`status-dot status-${status}`} title={STATUS_NAMES[status]} aria-hidden />
}

export function StatusLabel({ status }: { status: CellStatus }): ReactNode {
  return (
    <span className={`status-label status-${status}`}>
      <StatusDot status={status} />
      {STATUS_NAMES[status]}
    </span>
  )
}

export function SeverityBadge({ severity }: { severity: Severity }): ReactNode {
  return <span className={`sev-badge sev-${severity}`}>{severityName(severity)}</span>
}

/**
 * With a roster, an empty cell is 无报告 (a year an unlisted agency or a unit need not report) and
 * 未报送 has its own swatch: the problem it is.
 */
export function StatusLegend({ roster = false }: { roster?: boolean }): ReactNode {
  const all: CellStatus[] = ['clean', 'warnings', 'errors', 'none']
  return (
    <div className="status-legend" aria-label="图例">
      {all.map(s => (
        <span key={s} className="legend-item">
          <span className={`legend-swatch status-${s}`} aria-hidden />
          {roster && s === 'none' ? '无报告' : STATUS_NAMES[s]}
        </span>
      ))}
      {roster && (
        <span className="legend-item">
          <span className="legend-swatch legend-missing" aria-hidden />
          未报送
        </span>
      )}
    </div>
  )
}

/** "错误 3 · 警告 2" with zero counts muted. */
export function Counts({ errors, warnings }: { errors: number; warnings: number }): ReactNode {
  return (
    <span className="counts">
      <span className={errors > 0 ? 'count-error' : 'count-zero'}>错误 {errors}</span>
      <span className={warnings > 0 ? 'count-warning' : 'count-zero'}>警告 {warnings}</span>
    </span>
  )
}
