/**
 * A tiny per-agency trend: one coloured square per year (status) with the number of applications
 * received drawn as a line above them. Plain SVG, no chart library, because a table row draws
 * dozens of these at once.
 */
import type { ReactNode } from 'react'
import type { AgencyTrendPoint } from '../../../../shared/api'
import { STATUS_NAMES } from '../../lib/format'

const W = 14
const H = 30

export function Sparkline({ points }: { points: AgencyTrendPoint[] }): ReactNode {
  if (points.length === 0) return <span className="muted">—</span>
  const values = points.map(p => p.received)
  const max = Math.max(1, ...values.map(v => v ?? 0))
  const width = points.length * W
  const line = points
    .map((p, i) =>
      p.received === null ? null : `${i * W + W / 2},${16 - (p.received / max) * 13}`
    )
    .filter((s): s is string => s !== null)
  const title = points
    .map(p => `${p.year}年 ${STATUS_NAMES[p.status]}，收到申请 ${p.received ?? '—'} 件`)
    .join('\n')
  return (
    <svg
      className="sparkline"
      width={width}
      height={H}
      viewBox={`0 0 ${width} ${H}`}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      {line.length > 1 && <polyline points={line.join(' ')} className="spark-line" />}
      {line.length === 1 && (
        <circle
          cx={Number(line[0]?.split(',')[0])}
          cy={Number(line[0]?.split(',')[1])}
          r={1.8}
          className="spark-dot"
        />
      )}
      {points.map((p, i) => (
        <rect
          key={p.year}
          x={i * W + 2}
          y={20}
          width={W - 4}
          height={8}
          rx={1.5}
          className={`spark-cell status-fill-${p.status}`}
        />
      ))}
    </svg>
  )
}
