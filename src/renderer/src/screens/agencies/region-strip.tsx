/**
 * 单位 with a roster: completion per 所属地区 (已报 / 应报 over the years filtered), one chip per
 * region; a click shows that region's units only (the filter bar's 地区), again to show all.
 */
import type { ReactNode } from 'react'
import { api } from '../../api'
import { useAppState } from '../../lib/app-state'
import { percent } from '../../lib/format'
import { useResult } from '../../lib/use-result'

export function RegionStrip(): ReactNode {
  const { filter, setFilter, dataVersion } = useAppState()
  const years = filter.years
  // Every region, whatever region is picked: the strip is how one switches between them.
  const ov = useResult(
    () => api.getOverview({ filter: years?.length ? { years } : {} }),
    [years, dataVersion]
  )
  const regions = ov.value?.coverage?.regions ?? []
  // Review progress of the region's reports with errors or warnings (issue #22).
  const progress = ov.value?.reviewProgress.byRegion ?? []
  if (regions.length === 0) return null
  return (
    <div
      className="region-strip"
      role="group"
      aria-label="按地区完成情况"
      data-testid="region-strip"
    >
      <span className="filter-label">地区完成率</span>
      {regions.map(r => {
        const on = r.region !== null && (filter.regions?.includes(r.region) ?? false)
        const p = progress.find(x => x.kind === 'region' && x.region === r.region)
        return (
          <button
            key={r.region ?? ''}
            type="button"
            className={`chip${on ? ' chip-on' : ''}`}
            aria-pressed={on}
            disabled={r.region === null}
            title={`应报 ${r.required}，已报 ${r.reported}（逾期 ${r.late}），未报 ${r.missing}${p ? `；有错误或警告的报告已审 ${p.reviewed} 份，待审 ${p.pending} 份` : ''}`}
            data-region={r.region ?? ''}
            onClick={() =>
              r.region !== null && setFilter({ ...filter, regions: on ? [] : [r.region] })
            }
          >
            {r.region ?? '未填地区'} {percent(r.rate)}
            <span className="muted">
              （{r.reported}/{r.required}）
            </span>
            {p && (
              <span
                className={`review-mini${p.pending > 0 ? ' review-mini-pending' : ''}`}
                data-testid="region-review"
              >
                {p.pending > 0 ? `待审 ${p.pending}` : '已审'}
              </span>
            )}
          </button>
        )
      })}
    </div>
  )
}
