/**
 * 不再出现的问题: decisions whose finding is gone since the file changed (ReportDetail.orphanReviews).
 * After a 整改通知 the agency sends its report again; what the supervisor confirmed and no longer
 * sees is most likely what was put right, and this is where the re-check reads it. Each can be
 * cleared once seen.
 */
import { useState, type ReactNode } from 'react'
import type { ApiError, ReportDetail } from '../../../../shared/api'
import { api } from '../../api'
import { dateTime } from '../../lib/format'

export function ResolvedReviews({
  detail,
  onCleared
}: {
  detail: ReportDetail
  onCleared: () => void
}): ReactNode {
  const [error, setError] = useState<ApiError | null>(null)
  const gone = detail.orphanReviews
  if (gone.length === 0) return null
  const clear = async (key: string): Promise<void> => {
    const r = await api.setReview({ reportId: detail.summary.id, key, decision: null })
    if (r.ok) {
      setError(null)
      onCleared()
    } else setError(r.error)
  }
  return (
    <details className="resolved" data-testid="resolved-reviews">
      <summary>
        文件更新后不再出现的问题（{gone.length}）<span className="muted">：可能已整改</span>
      </summary>
      <ul>
        {gone.map(g => {
          const key = `${g.rule}|${g.locKey}`
          return (
            <li key={key} data-rule={g.rule}>
              <div className="finding-head">
                <span className="rule-id">{g.rule}</span>
                <span className={`decision-tag decision-${g.decision}`}>
                  {g.decision === 'confirmed' ? '曾确认' : '曾忽略'}
                </span>
                <span className="review-meta">
                  {g.reviewer ? `${g.reviewer} · ` : ''}
                  {dateTime(g.decidedAt)}
                </span>
                <button
                  type="button"
                  className="small"
                  title="这条问题已核实，不再保留审阅记录"
                  onClick={() => void clear(key)}
                >
                  移除记录
                </button>
              </div>
              <div className="finding-msg">{g.message || '（当时的问题描述未记录）'}</div>
              {g.note && <div className="review-meta">备注：{g.note}</div>}
            </li>
          )
        })}
      </ul>
      {error && (
        <div className="inline-error" role="status">
          {error.message}
        </div>
      )}
    </details>
  )
}
