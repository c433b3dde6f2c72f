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

export function StatusLegend(): ReactNode {
  const all: CellStatus[] = ['clean', 'warnings', 'errors', 'none']
  return (
    <div className="status-legend" aria-label="图例">
      {all.map(s => (
        <span key={s} className="legend-item">
          <span className={`legend-swatch status-${s}`} aria-hidden />
          {STATUS_NAMES[s]}
        </span>
      ))}
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
