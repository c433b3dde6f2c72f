/**
 * 应报尽报 (with a roster only): the cards 应报 / 已报 / 按时 / 逾期 / 未报 over the filtered units and
 * years, and completion per 所属地区 (click a region to filter by it).
 */
import type { ReactNode } from 'react'
import type { CoverageSummary } from '../../../../shared/api'
import { useAppState } from '../../lib/app-state'
import { num, percent } from '../../lib/format'

export function CoverageCards({ coverage }: { coverage: CoverageSummary }): ReactNode {
  const c = coverage.counts
  const { filter, setFilter } = useAppState()
  return (
    <div className="cards cards-coverage" aria-label="报送情况" data-testid="coverage-cards">
      <div className="card" data-testid="cov-required">
        <div className="card-label">应报</div>
        <div className="card-value">{num(c.required)}</div>
        <div className="card-sub">名单单位 × {coverage.years.length} 个年度</div>
      </div>
      <div className="card" data-testid="cov-reported">
        <div className="card-label">已报</div>
        <div className="card-value">{num(c.reported)}</div>
        <div className="card-sub">
          完成率 {percent(c.required ? c.reported / c.required : null)}
        </div>
      </div>
      <div className="card card-clean" data-testid="cov-ontime">
        <div className="card-label">按时报送</div>
        <div className="card-value">{num(c.onTime)}</div>
        {c.undated > 0 && <div className="card-sub">另有 {num(c.undated)} 份日期不明</div>}
      </div>
      <div className="card card-warning" data-testid="cov-late">
        <div className="card-label">逾期报送</div>
        <div className="card-value">{num(c.late)}</div>
      </div>
      <div className="card card-missing" data-testid="cov-missing">
        <div className="card-label">未报送</div>
        <div className="card-value">{num(c.missing)}</div>
        {!filter.problems && c.missing > 0 && (
          <button
            type="button"
            className="link-button card-sub"
            onClick={() => setFilter({ ...filter, problems: true })}
          >
            只看有问题的单位
          </button>
        )}
      </div>
      {c.unlisted > 0 && (
        <div
          className="card"
          data-testid="cov-unlisted"
          title="找到了报告、但不在应报送单位名单中的单位（可在“设置 › 应报送单位名单”中归入名单单位）"
        >
          <div className="card-label">名单外</div>
          <div className="card-value">{num(c.unlisted)}</div>
          <div className="card-sub">个单位·年度有报告但不在名单中</div>
        </div>
      )}
    </div>
  )
}

export function RegionCompletion({ coverage }: { coverage: CoverageSummary }): ReactNode {
  const { filter, setFilter } = useAppState()
  if (coverage.regions.length === 0) return null
  return (
    <section className="panel" aria-labelledby="regions-title">
      <h2 id="regions-title">按地区完成情况</h2>
      <table className="group-table region-table" data-testid="region-table">
        <thead>
          <tr>
            <th scope="col">所属地区</th>
            <th scope="col" className="num">
              应报
            </th>
            <th scope="col" className="num">
              已报
            </th>
            <th scope="col" className="num">
              逾期
            </th>
            <th scope="col" className="num">
              未报
            </th>
            <th scope="col" className="num">
              完成率
            </th>
          </tr>
        </thead>
        <tbody>
          {coverage.regions.map(r => (
            <tr key={r.region ?? ''} data-region={r.region ?? ''}>
              <th scope="row">
                {r.region === null ? (
                  <span className="muted">未填地区</span>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={filter.regions?.includes(r.region) ?? false}
                    onClick={() =>
                      setFilter({
                        ...filter,
                        regions: filter.regions?.includes(r.region!) ? [] : [r.region!]
                      })
                    }
                  >
                    {r.region}
                  </button>
                )}
              </th>
              <td className="num">{num(r.required)}</td>
              <td className="num">{num(r.reported)}</td>
              <td className={`num${r.late > 0 ? ' count-warning' : ' count-zero'}`}>
                {num(r.late)}
              </td>
              <td className={`num${r.missing > 0 ? ' count-error' : ' count-zero'}`}>
                {num(r.missing)}
              </td>
              <td className="num">{percent(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
