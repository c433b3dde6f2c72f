/**
 * 确认问题 / 忽略 and a note for one finding, saved at once (the note when the box loses focus or
 * a decision is clicked). A decision made on older file content is flagged as stale. A decision is
 * withdrawn only by 撤销决定, never by pressing the decision already made again (issue #22).
 */
import { useEffect, useState, type ReactNode } from 'react'
import type {
  ApiError,
  FindingView,
  ReviewDecision,
  ReviewDecisionKind
} from '../../../../shared/api'
import { api } from '../../api'
import { dateTime } from '../../lib/format'

interface Props {
  reportId: number
  finding: FindingView
  onSaved: (key: string, d: ReviewDecision | null) => void
}

export function ReviewControls({ reportId, finding, onSaved }: Props): ReactNode {
  const review = finding.review
  const [note, setNote] = useState(review?.note ?? '')
  const [error, setError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState(false)
  useEffect(() => setNote(finding.review?.note ?? ''), [finding.key, finding.review?.note])

  const save = async (decision: ReviewDecisionKind | null, withNote = note): Promise<void> => {
    setSaving(true)
    const r = await api.setReview({ reportId, key: finding.key, decision, note: withNote })
    setSaving(false)
    if (r.ok) {
      setError(null)
      onSaved(finding.key, r.value)
    } else setError(r.error)
  }

  return (
    <div className="review-controls" onClick={e => e.stopPropagation()}>
      <div className="review-buttons" role="group" aria-label="审阅决定">
        <button
          type="button"
          className={`decide decide-confirm${review?.decision === 'confirmed' ? ' on' : ''}`}
          aria-pressed={review?.decision === 'confirmed'}
          disabled={saving}
          title={
            review?.decision === 'confirmed' ? '已确认（要撤销请点“撤销决定”）' : '确认问题（C）'
          }
          onClick={() => review?.decision !== 'confirmed' && void save('confirmed')}
        >
          确认问题
        </button>
        <button
          type="button"
          className={`decide decide-dismiss${review?.decision === 'dismissed' ? ' on' : ''}`}
          aria-pressed={review?.decision === 'dismissed'}
          disabled={saving}
          title={review?.decision === 'dismissed' ? '已忽略（要撤销请点“撤销决定”）' : '忽略（X）'}
          onClick={() => review?.decision !== 'dismissed' && void save('dismissed')}
        >
          忽略
        </button>
        {review && (
          <button
            type="button"
            className="decide decide-undo"
            disabled={saving}
            onClick={() => void save(null, '')}
          >
            撤销决定
          </button>
        )}
        {review && (
          <span className="review-meta">
            {review.decision === 'confirmed' ? '已确认' : '已忽略'}
            {review.reviewer ? ` · ${review.reviewer}` : ''} · {dateTime(review.decidedAt)}
            {review.stale && <span className="stale"> · 文件已变更，请复核</span>}
          </span>
        )}
      </div>
      <textarea
        className="review-note"
        aria-label="备注"
        placeholder={
          review
            ? '备注（离开输入框时自动保存）'
            : '备注（先选择“确认问题”或“忽略”，备注随决定保存）'
        }
        rows={2}
        value={note}
        onChange={e => setNote(e.target.value)}
        onBlur={() => {
          if (review && note !== review.note) void save(review.decision, note)
        }}
      />
      {error && (
        <div className="inline-error" role="alert">
          保存失败：{error.message}
        </div>
      )}
    </div>
  )
}
