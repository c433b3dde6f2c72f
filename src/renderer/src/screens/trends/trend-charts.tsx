/**
 * The four year-over-year charts. A null value (no report of that year had the table) is drawn as a
 * gap, never as 0.
 */
import type { ReactNode } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis
} from 'recharts'
import type { TrendPoint } from '../../../../shared/api'
import { ChartCard } from './chart-card'
import { axisWidth, thinYears, thousands } from './trend-scale'
import type { LegendEntry } from './save-png'

const C = {
  received: '#1d4ed8',
  granted: '#16a34a',
  partiallyGranted: '#65a30d',
  denied: '#dc2626',
  unable: '#f59e0b',
  notProcessed: '#8b5cf6',
  other: '#64748b',
  review: '#0ea5e9',
  litigationDirect: '#f97316',
  litigationAfterReview: '#a855f7',
  licensing: '#0f766e',
  penalty: '#be123c',
  errorShare: '#dc2626'
}

const OUTCOMES: Array<{ key: Exclude<keyof TrendPoint['outcomes'], 'total'>; name: string }> = [
  { key: 'granted', name: '予以公开' },
  { key: 'partiallyGranted', name: '部分公开' },
  { key: 'denied', name: '不予公开' },
  { key: 'unable', name: '无法提供' },
  { key: 'notProcessed', name: '不予处理' },
  { key: 'other', name: '其他处理' }
]

/** A plotted series: its data key, its name in legend and tooltip, its colour. */
interface Series<K extends string> {
  key: K
  name: string
  color: string
}

const REVIEW_LITIGATION: Array<Series<'review' | 'litigationDirect' | 'litigationAfterReview'>> = [
  { key: 'review', name: '行政复议', color: C.review },
  { key: 'litigationDirect', name: '行政诉讼（直接起诉）', color: C.litigationDirect },
  { key: 'litigationAfterReview', name: '行政诉讼（复议后起诉）', color: C.litigationAfterReview }
]
const LICENSING_PENALTY: Array<Series<'licensing' | 'penalty'>> = [
  { key: 'licensing', name: '行政许可', color: C.licensing },
  { key: 'penalty', name: '行政处罚', color: C.penalty }
]

function legendOf(series: Array<Series<string>>): LegendEntry[] {
  return series.map(({ name, color }) => ({ name, color }))
}

const AXIS = { fontSize: 12, fill: '#475569' }
const tipStyle = { fontSize: 12 }
const legendStyle = { fontSize: 12 }

function allNull(points: TrendPoint[], pick: (p: TrendPoint) => number | null): boolean {
  return points.every(p => pick(p) === null)
}

const countTip = (v: unknown): string => `${thousands(v as number)} 件`

export function TrendCharts({
  points: all,
  scope
}: {
  points: TrendPoint[]
  scope: string
}): ReactNode {
  // Years with too few reports to compare: their sums are left out of the count charts (a gap,
  // said below), not drawn as a collapse; the error share, a ratio, keeps them.
  const thin = thinYears(all)
  const thinSet = new Set(thin.map(t => t.year))
  const points = all.map(p =>
    thinSet.has(p.year)
      ? {
          ...p,
          received: null,
          outcomes: Object.fromEntries(
            Object.keys(p.outcomes).map(k => [k, null])
          ) as unknown as TrendPoint['outcomes'],
          review: { ...p.review, total: null },
          litigationDirect: { ...p.litigationDirect, total: null },
          litigationAfterReview: { ...p.litigationAfterReview, total: null },
          licensing: null,
          penalty: null
        }
      : p
  )
  const appsMax = points.flatMap(p => [
    p.received,
    p.outcomes.total,
    OUTCOMES.reduce((n, o) => n + (p.outcomes[o.key] ?? 0), 0)
  ])
  const rlMax = points.flatMap(p => [
    p.review.total,
    p.litigationDirect.total,
    p.litigationAfterReview.total
  ])
  const lpMax = points.flatMap(p => [p.licensing, p.penalty])
  const apps = points.map(p => ({
    year: String(p.year),
    received: p.received,
    ...Object.fromEntries(OUTCOMES.map(o => [o.key, p.outcomes[o.key]]))
  }))
  const rl = points.map(p => ({
    year: String(p.year),
    review: p.review.total,
    litigationDirect: p.litigationDirect.total,
    litigationAfterReview: p.litigationAfterReview.total
  }))
  const lp = points.map(p => ({ year: String(p.year), licensing: p.licensing, penalty: p.penalty }))
  const err = points.map(p => ({
    year: String(p.year),
    errorShare: p.errorShare === null ? null : Math.round(p.errorShare * 1000) / 10,
    reports: p.reports,
    reportsWithErrors: p.reportsWithErrors
  }))

  const appsLegend: LegendEntry[] = [
    { name: '本年新收申请', color: C.received },
    ...OUTCOMES.map(o => ({ name: o.name, color: C[o.key] }))
  ]
  return (
    <>
      {thin.length > 0 && (
        <p className="trend-note muted" role="note" data-testid="thin-years">
          {thin.map(t => `${t.year} 年仅 ${thousands(t.reports)} 份报告`).join('，')}（其他年度多达{' '}
          {thousands(thin[0]!.most)} 份），
          合计数不可比，图中未绘制这些年度的件数（“有错误的报告占比”照常计算）。
        </p>
      )}
      <div className="trend-grid">
        <ChartCard
          title={`${scope}：政府信息公开申请及办理结果（件）`}
          fileName={`${scope}-申请及办理结果`}
          legend={appsLegend}
          empty={allNull(points, p => p.received)}
        >
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={apps} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="year" tick={AXIS} />
              <YAxis
                allowDecimals={false}
                tick={AXIS}
                width={axisWidth(appsMax)}
                tickFormatter={thousands}
              />
              <Tooltip contentStyle={tipStyle} formatter={countTip} />
              <Legend wrapperStyle={legendStyle} itemSorter={null} />
              {OUTCOMES.map(o => (
                <Bar
                  key={o.key}
                  dataKey={o.key}
                  name={o.name}
                  stackId="o"
                  fill={C[o.key]}
                  maxBarSize={48}
                  isAnimationActive={false}
                />
              ))}
              <Line
                type="linear"
                dataKey="received"
                name="本年新收申请"
                stroke={C.received}
                strokeWidth={2}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          title={`${scope}：行政复议与行政诉讼（件）`}
          fileName={`${scope}-复议诉讼`}
          legend={legendOf(REVIEW_LITIGATION)}
          empty={allNull(points, p => p.review.total)}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rl} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="year" tick={AXIS} />
              <YAxis
                allowDecimals={false}
                tick={AXIS}
                width={axisWidth(rlMax)}
                tickFormatter={thousands}
              />
              <Tooltip contentStyle={tipStyle} formatter={countTip} />
              <Legend wrapperStyle={legendStyle} itemSorter={null} />
              {REVIEW_LITIGATION.map(r => (
                <Bar
                  key={r.key}
                  dataKey={r.key}
                  name={r.name}
                  fill={r.color}
                  maxBarSize={32}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          title={`${scope}：行政许可与行政处罚（件）`}
          fileName={`${scope}-许可处罚`}
          legend={legendOf(LICENSING_PENALTY)}
          empty={allNull(points, p => p.licensing ?? p.penalty)}
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={lp} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="year" tick={AXIS} padding={{ left: 32, right: 32 }} />
              <YAxis
                allowDecimals={false}
                tick={AXIS}
                width={axisWidth(lpMax)}
                tickFormatter={thousands}
              />
              <Tooltip contentStyle={tipStyle} formatter={countTip} />
              <Legend wrapperStyle={legendStyle} itemSorter={null} />
              {LICENSING_PENALTY.map(r => (
                <Line
                  key={r.key}
                  type="linear"
                  dataKey={r.key}
                  name={r.name}
                  stroke={r.color}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </ChartCard>
        <ChartCard
          title={`${scope}：有错误的报告占比`}
          fileName={`${scope}-错误报告占比`}
          legend={[{ name: '有错误的报告占比（%）', color: C.errorShare }]}
          empty={points.every(p => p.reports === 0)}
        >
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={err} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="year" tick={AXIS} />
              <YAxis domain={[0, 100]} unit="%" tick={AXIS} width={48} />
              <Tooltip
                contentStyle={tipStyle}
                formatter={(v, _n, item) => {
                  const d = item.payload as { reports: number; reportsWithErrors: number }
                  return [
                    `${String(v)}%（${d.reportsWithErrors} / ${d.reports} 份）`,
                    '有错误的报告占比'
                  ]
                }}
              />
              <Legend wrapperStyle={legendStyle} itemSorter={null} />
              <Bar
                dataKey="errorShare"
                name="有错误的报告占比（%）"
                fill={C.errorShare}
                maxBarSize={48}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      </div>
    </>
  )
}
