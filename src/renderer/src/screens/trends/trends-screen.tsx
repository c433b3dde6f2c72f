/**
 * 同比趋势: year-over-year figures for one agency, or summed over every agency matching the
 * filters. The year filter is not applied here: a trend needs all years.
 */
import { useState, type ReactNode } from 'react'
import { api } from '../../api'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { navigate } from '../../lib/route'
import { useResult } from '../../lib/use-result'
import { TrendCharts } from './trend-charts'

export function TrendsScreen({ agencyKey }: { agencyKey: string | null }): ReactNode {
  const { filter, dataVersion } = useAppState()
  const { years: _years, ...noYears } = filter
  const trendFilter = agencyKey === null ? noYears : {}
  const tr = useResult(
    () => api.getTrends(agencyKey === null ? { filter: trendFilter } : { agencyKey }),
    [agencyKey, JSON.stringify(trendFilter), dataVersion]
  )
  const scope = agencyKey === null ? '全部筛选单位' : (tr.value?.agency ?? '单位')

  return (
    <div className="trends">
      <div className="trends-toolbar">
        <div className="scope" role="radiogroup" aria-label="范围">
          <button
            type="button"
            role="radio"
            aria-checked={agencyKey === null}
            className={`chip${agencyKey === null ? ' chip-on' : ''}`}
            onClick={() => navigate({ screen: 'trends', agencyKey: null })}
          >
            全部筛选单位{agencyKey === null && tr.value ? `（${tr.value.agencies} 个）` : ''}
          </button>
          {agencyKey !== null && (
            <button type="button" role="radio" aria-checked className="chip chip-on">
              {tr.value?.agency ?? '…'}
            </button>
          )}
        </div>
        <AgencyPicker />
        {agencyKey === null && filter.years && filter.years.length > 0 && (
          <span className="muted">趋势图显示全部年度，年度筛选在此不起作用。</span>
        )}
      </div>
      {tr.error && !tr.value && <ErrorState error={tr.error} onRetry={tr.reload} />}
      {!tr.value && !tr.error && <Loading what="趋势" />}
      {tr.value && tr.value.points.length === 0 && (
        <EmptyState title="没有可以绘制的年度数据" hint="所选范围内还没有识别出年度的报告。" />
      )}
      {tr.value && tr.value.points.length > 0 && (
        <TrendCharts points={tr.value.points} scope={scope} />
      )}
    </div>
  )
}

function AgencyPicker(): ReactNode {
  const { dataVersion } = useAppState()
  const [text, setText] = useState('')
  const found = useResult(
    () =>
      api.listAgencies({
        filter: text.trim() ? { search: text.trim() } : {},
        sort: { key: 'name', dir: 'asc' },
        page: { offset: 0, limit: 30 }
      }),
    [text, dataVersion]
  )
  const items = found.value?.items ?? []
  return (
    <label className="agency-picker">
      <span className="filter-label">查看单位</span>
      <input
        list="agency-options"
        placeholder="输入单位名称选择"
        value={text}
        onChange={e => {
          const v = e.target.value
          setText(v)
          const hit = items.find(a => a.name === v)
          if (hit) {
            navigate({ screen: 'trends', agencyKey: hit.key })
            setText('')
          }
        }}
      />
      <datalist id="agency-options">
        {items.map(a => (
          <option key={a.key} value={a.name} />
        ))}
      </datalist>
    </label>
  )
}
