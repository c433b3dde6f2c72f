/** 总览: counts, findings by rule group and rule, the agency × year matrix, watched folders. */
import type { ReactNode } from 'react'
import { api } from '../../api'
import { FoldersPanel } from '../../components/folders-panel'
import { ErrorState, Loading } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { navigate } from '../../lib/route'
import { num } from '../../lib/format'
import { useResult } from '../../lib/use-result'
import { CoverageCards, RegionCompletion } from './coverage-panel'
import { FindingsByGroup } from './findings-by-group'
import { ReviewProgressPanel } from './review-progress'
import { StatusMatrix } from './status-matrix'

function yearsText(years: number[]): string {
  if (years.length === 0) return '—'
  const first = years[0]
  const last = years[years.length - 1]
  return first === last ? String(first) : `${first}–${last}`
}

export function OverviewScreen(): ReactNode {
  const { filter, setFilter, dataVersion } = useAppState()
  const ov = useResult(() => api.getOverview({ filter }), [filter, dataVersion])

  return (
    <div className="overview">
      {ov.error && !ov.value && <ErrorState error={ov.error} onRetry={ov.reload} />}
      {!ov.value && !ov.error && <Loading what="总览" />}
      {ov.value && (
        <div className="cards" aria-label="统计">
          <Card label="单位" value={num(ov.value.counts.agencies)} testId="count-agencies" />
          {/* Every report file, an agency-year's copies (M02) said apart: 单位's 报告数 sums to it. */}
          <Card
            label="报告"
            value={num(ov.value.counts.reports)}
            sub={
              ov.value.counts.duplicates > 0
                ? `其中重复 ${num(ov.value.counts.duplicates)} 份`
                : undefined
            }
            title={
              ov.value.counts.duplicates > 0
                ? `同一单位同一年度有多份文件（如同一报告的网页版和 PDF 版、更正后的文件）：每份都计入报告数，其中 ${num(ov.value.counts.duplicates)} 份为重复文件，以最新一份为准（M02）`
                : undefined
            }
            testId="count-reports"
          />
          <Card
            label="年度"
            value={yearsText(ov.value.counts.years)}
            sub={`${ov.value.counts.years.length} 个年度`}
            testId="count-years"
          />
          <Card
            label="错误"
            value={num(ov.value.findings.error)}
            tone="error"
            sub={`${num(ov.value.reportsByStatus.errors)} 份报告有错误`}
          />
          <Card
            label="警告"
            value={num(ov.value.findings.warning)}
            tone="warning"
            sub={`${num(ov.value.reportsByStatus.warnings)} 份报告仅有警告`}
          />
          <Card label="无问题报告" value={num(ov.value.reportsByStatus.clean)} tone="clean" />
          <Card
            label="审阅（报告）"
            value={`已审 ${num(ov.value.reviewProgress.reviewed)} · 待审 ${num(ov.value.reviewProgress.pending)}`}
            sub={`问题：已确认 ${num(ov.value.reviews.confirmed)} · 已忽略 ${num(ov.value.reviews.dismissed)} · 未审 ${num(ov.value.reviews.pending)}`}
            testId="count-review"
            onClick={() => {
              // The queue: reports with errors or warnings nobody has decided yet.
              setFilter({ ...filter, pending: true })
              navigate({ screen: 'review', reportId: null, finding: null })
            }}
            title="打开待审队列（报告审阅，筛选“待审”）"
          />
          {ov.value.counts.unrecognised > 0 && (
            <Card
              label="无法识别的文件"
              value={num(ov.value.counts.unrecognised)}
              tone="error"
              sub="不计入报告与错误数，点击查看原因"
              testId="count-unrecognised"
              title="在报告审阅中逐个查看这些文件及无法识别的原因"
              onClick={() => {
                setFilter({ unrecognised: true })
                navigate({ screen: 'review', reportId: null, finding: null })
              }}
            />
          )}
        </div>
      )}
      {ov.value?.coverage && <CoverageCards coverage={ov.value.coverage} />}
      <div className="overview-body">
        <StatusMatrix />
        <aside className="overview-side">
          {ov.value?.coverage && <RegionCompletion coverage={ov.value.coverage} />}
          {ov.value && <ReviewProgressPanel overview={ov.value} />}
          {ov.value && <FindingsByGroup overview={ov.value} />}
          <FoldersPanel />
        </aside>
      </div>
    </div>
  )
}

function Card(props: {
  label: string
  value: string
  sub?: string
  tone?: string
  testId?: string
  onClick?: () => void
  title?: string
}): ReactNode {
  const cls = `card${props.tone ? ` card-${props.tone}` : ''}`
  const body = (
    <>
      <div className="card-label">{props.label}</div>
      <div className="card-value">{props.value}</div>
      {props.sub && <div className="card-sub">{props.sub}</div>}
    </>
  )
  return props.onClick ? (
    <button
      type="button"
      className={`${cls} card-button`}
      data-testid={props.testId}
      onClick={props.onClick}
      title={props.title}
    >
      {body}
    </button>
  ) : (
    <div className={cls} data-testid={props.testId} title={props.title}>
      {body}
    </div>
  )
}
