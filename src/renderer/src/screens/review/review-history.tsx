/**
 * 审阅记录: every decision and change of decision on this report's findings, oldest first, with who,
 * when, old → new and the note (issue #22). Kept by the core and never rewritten: the evidence a
 * supervisor shows for who dismissed what. Re-read whenever a decision is saved.
 */
import type { ReactNode } from 'react'
import type { ReviewDecisionKind, ReviewHistoryEntry } from '../../../../shared/api'
import { api } from '../../api'
import { dateTime } from '../../lib/format'
import { useResult } from '../../lib/use-result'

function label(d: ReviewDecisionKind | null): string {
  return d === 'confirmed' ? '确认问题' : d === 'dismissed' ? '忽略' : '未决定'
}

function change(e: ReviewHistoryEntry): string {
  if (e.oldDecision === null) return label(e.newDecision)
  if (e.newDecision === null) return `撤销“${label(e.oldDecision)}”`
  if (e.oldDecision === e.newDecision)
    return e.oldNote === e.newNote
      ? `再次${label(e.newDecision)}（文件已变更）`
      : `${label(e.newDecision)} · 修改备注`
  return `${label(e.oldDecision)} → ${label(e.newDecision)}`
}

const ORIGIN: Record<ReviewHistoryEntry['origin'], string> = {
  app: '',
  import: '（导入）',
  before: '（早前）'
}

export function ReviewHistory({
  reportId,
  version,
  onPick
}: {
  reportId: number
  /** Changes when a decision is saved, so the history is read again. */
  version: number
  onPick: (key: string) => void
}): ReactNode {
  const h = useResult(() => api.getReviewHistory({ reportId }), [reportId, version])
  const entries = h.value ?? []
  return (
    // Closed until asked for: at 1366×768 the findings above need the height.
    <details className="history" data-testid="review-history">
      <summary>
        审阅记录（{entries.length}）<span className="muted">：每次决定与修改都保留</span>
      </summary>
      {h.error && <div className="inline-error">{h.error.message}</div>}
      {entries.length === 0 && !h.error && (
        <p className="muted history-empty">这份报告还没有审阅决定。</p>
      )}
      <ol>
        {[...entries].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} data-testid="history-entry">
            <div className="finding-head">
              <button
                type="button"
                className="rule-id link-button"
                title="选中这条问题"
                onClick={() => onPick(e.key)}
              >
                {e.rule}
              </button>
              <span className={`decision-tag decision-${e.newDecision ?? 'none'}`}>
                {change(e)}
              </span>
              <span className="review-meta">
                {e.reviewer || '未署名'}
                {ORIGIN[e.origin]} · {dateTime(e.at)}
              </span>
            </div>
            <div className="finding-msg">{e.message || '（问题描述未记录）'}</div>
            {(e.newNote || (e.oldNote && e.oldNote !== e.newNote)) && (
              <div className="review-meta">
                备注：{e.oldNote && e.oldNote !== e.newNote ? `“${e.oldNote}” → ` : ''}
                {e.newNote ? `“${e.newNote}”` : '（清空）'}
              </div>
            )}
          </li>
        ))}
      </ol>
    </details>
  )
}
