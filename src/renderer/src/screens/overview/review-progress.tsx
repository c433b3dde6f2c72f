/**
 * 审阅进度: of the reports with errors or warnings, how many are reviewed (each such finding
 * confirmed or dismissed) and how many wait (待审), by 所属地区 with a roster (a click shows that
 * region), else by agency level (issue #22). 开始审阅 opens the queue: the review screen with the
 * 待审 filter, where N/P step through only those reports.
 */
import type { ReactNode } from 'react'
import type { Overview } from '../../../../shared/api'
import { useAppState } from '../../lib/app-state'
import { levelName, num } from '../../lib/format'
import { navigate } from '../../lib/route'

export function ReviewProgressPanel({ overview }: { overview: Overview }): ReactNode {
  const { filter, setFilter } = useAppState()
  const p = overview.reviewProgress
  const total = p.reviewed + p.pending
  if (total === 0) return null
  const rows: Array<{
    key: string
    label: string
    reviewed: number
    pending: number
    region?: string
  }> = p.byRegion
    ? p.byRegion.map(r => ({
        key: `${r.kind}:${r.region ?? ''}`,
        label:
          r.kind === 'unlisted'
            ? '名单外'
            : r.kind === 'none'
              ? '未识别单位'
              : (r.region ?? '未填地区'),
        reviewed: r.reviewed,
        pending: r.pending,
        ...(r.kind === 'region' && r.region !== null ? { region: r.region } : {})
      }))
    : p.byLevel.map(l => ({
        key: l.level ?? 'none',
        label: l.level ? levelName(l.level) : '未识别单位',
        reviewed: l.reviewed,
        pending: l.pending
      }))
  const openQueue = (): void => {
    setFilter({ ...filter, pending: true })
    navigate({ screen: 'review', reportId: null, finding: null })
  }
  return (
    <section
      className="panel review-progress"
      aria-labelledby="progress-title"
      data-testid="review-progress"
    >
      <h2 id="progress-title">
        审阅进度
        <span className="muted">（有错误或警告的报告）</span>
      </h2>
      <table className="group-table">
        <thead>
          <tr>
            <th scope="col">{p.byRegion ? '所属地区' : '层级'}</th>
            <th scope="col" className="num">
              已审
            </th>
            <th scope="col" className="num">
              待审
            </th>
            <th scope="col" aria-label="进度" />
          </tr>
        </thead>
        <tbody>
          {rows.map(l => (
            <tr key={l.key} data-testid="progress-row">
              <td>
                {l.region !== undefined ? (
                  <button
                    type="button"
                    className="link-button"
                    title={`只看${l.label}的单位和报告`}
                    onClick={() => setFilter({ ...filter, regions: [l.region!] })}
                  >
                    {l.label}
                  </button>
                ) : (
                  l.label
                )}
              </td>
              <td className="num">{num(l.reviewed)}</td>
              <td className="num">{num(l.pending)}</td>
              <td
                className="bar-cell"
                title={`已审 ${Math.round((100 * l.reviewed) / (l.reviewed + l.pending))}%`}
              >
                <span
                  className="bar bar-reviewed"
                  style={{ width: `${(100 * l.reviewed) / (l.reviewed + l.pending)}%` }}
                />
                <span
                  className="bar bar-pending"
                  style={{ width: `${(100 * l.pending) / (l.reviewed + l.pending)}%` }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.pending > 0 && (
        <button type="button" className="link-button" onClick={openQueue} data-testid="open-queue">
          审阅待审的 {num(p.pending)} 份报告 ›
        </button>
      )}
    </section>
  )
}
