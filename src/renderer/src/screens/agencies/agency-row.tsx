/**
 * One row of the 单位 table: name (with its merged names), an editable level, counts, the small
 * trend and the actions. Edits are reported up; the screen talks to the Api and refreshes.
 */
import type { ReactNode } from 'react'
import {
  AGENCY_LEVEL_NAMES,
  AGENCY_LEVELS,
  type AgencyLevel,
  type AgencySummary
} from '../../../../shared/api'
import { StatusLabel } from '../../components/status'
import { navigate } from '../../lib/route'
import { Sparkline } from './sparkline'

export interface RowActions {
  setLevel: (a: AgencySummary, level: AgencyLevel) => void
  merge: (a: AgencySummary) => void
  showNames: (a: AgencySummary) => void
  /** The key of the agency whose level is being saved (its select is disabled meanwhile). */
  saving: string | null
}

export function AgencyCells({ a, act }: { a: AgencySummary; act: RowActions }): ReactNode {
  const open = (): void => {
    if (a.latestReportId !== null)
      navigate({ screen: 'review', reportId: a.latestReportId, finding: null })
  }
  return (
    <>
      <span role="cell" className="agency-name" title={[a.name, ...a.aliases].join(' / ')}>
        <button
          type="button"
          className="link-button"
          onClick={open}
          disabled={a.latestReportId === null}
        >
          {a.name}
        </button>
        {a.aliases.length > 0 && (
          <button
            type="button"
            className="link-button alias-count"
            aria-label={`${a.name}：查看合并的 ${a.aliases.length + 1} 个名称`}
            onClick={() => act.showNames(a)}
          >
            等{a.aliases.length + 1}个名称
          </button>
        )}
      </span>
      <span role="cell">
        <select
          className={`level-select${a.levelSource === 'user' ? ' level-user' : ''}`}
          aria-label={`层级：${a.name}`}
          title={a.levelSource === 'user' ? '已手动设定' : '按单位名称推断，可修改'}
          value={a.level}
          disabled={act.saving === a.key}
          onChange={e => act.setLevel(a, e.target.value as AgencyLevel)}
        >
          {AGENCY_LEVELS.map(l => (
            <option key={l} value={l}>
              {AGENCY_LEVEL_NAMES[l]}
            </option>
          ))}
        </select>
      </span>
      <span role="cell" className="num" data-testid="agency-reports">
        {a.reports}
        {a.duplicates > 0 && (
          <span
            className="muted dup-count"
            title={`其中 ${a.duplicates} 份是同一年度的重复文件（M02），以最新一份为准`}
          >
            （重复 {a.duplicates}）
          </span>
        )}
      </span>
      <span role="cell" className="num">
        {a.latestYear ?? '—'}
      </span>
      <span role="cell">
        <StatusLabel status={a.latestStatus} />
        {/* Review progress over its reports with errors or warnings (issue #22). */}
        {a.review.reviewed + a.review.pending > 0 && (
          <span
            className={`review-mini${a.review.pending > 0 ? ' review-mini-pending' : ''}`}
            title={`有错误或警告的报告：已审 ${a.review.reviewed} 份，待审 ${a.review.pending} 份`}
            data-testid="agency-review"
          >
            {a.review.pending > 0 ? `待审 ${a.review.pending}` : '已审'}
          </span>
        )}
      </span>
      <span role="cell" className={`num${a.latest.error > 0 ? ' count-error' : ' count-zero'}`}>
        {a.latest.error}
      </span>
      <span role="cell" className={`num${a.latest.warning > 0 ? ' count-warning' : ' count-zero'}`}>
        {a.latest.warning}
      </span>
      <span role="cell">
        <Sparkline points={a.trend} />
      </span>
      <span role="cell" className="row-actions">
        <button type="button" className="small" onClick={open} disabled={a.latestReportId === null}>
          审阅
        </button>
        <button
          type="button"
          className="small"
          onClick={() => navigate({ screen: 'trends', agencyKey: a.key })}
        >
          趋势
        </button>
        <button
          type="button"
          className="small"
          aria-label={`将“${a.name}”合并到…`}
          onClick={() => act.merge(a)}
        >
          合并到…
        </button>
      </span>
    </>
  )
}
