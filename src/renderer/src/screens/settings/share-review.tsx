/**
 * 与同事共享审阅: a city office splits its units between two or three reviewers, each on a laptop,
 * with no server (issue #22). Each exports their decisions (and agency merges) to a file and takes
 * a colleague's in; a decision lands on the same file content and finding, wherever the colleague
 * keeps the file. Where both decided one finding differently nothing is overwritten: the conflict
 * is listed here for the user to settle.
 */
import { useRef, useState, type ReactNode } from 'react'
import type {
  ApiError,
  ImportReviewResult,
  ReviewConflict,
  ReviewDecisionKind
} from '../../../../shared/api'
import { api } from '../../api'
import { useAppState } from '../../lib/app-state'
import { dateTime } from '../../lib/format'
import { navigate } from '../../lib/route'
import { useResult } from '../../lib/use-result'
import { RosterConflicts } from './roster-conflicts'

function label(d: ReviewDecisionKind): string {
  return d === 'confirmed' ? '确认问题' : '忽略'
}

function Side({ who, d }: { who: string; d: ReviewConflict['theirs'] | null }): ReactNode {
  if (!d) return <span className="muted">{who}：已撤销</span>
  return (
    <span>
      <span className={`decision-tag decision-${d.decision}`}>{label(d.decision)}</span>{' '}
      {d.reviewer || who} · {dateTime(d.decidedAt)}
      {d.note && <span className="muted"> · 备注“{d.note}”</span>}
    </span>
  )
}

export function ShareReview(): ReactNode {
  const { dataVersion, bump } = useAppState()
  const conflicts = useResult(() => api.listReviewConflicts(), [dataVersion])
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [result, setResult] = useState<ImportReviewResult | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const exportFile = async (): Promise<void> => {
    const r = await api.exportReviewWork()
    if (!r.ok) return setError(r.error)
    setError(null)
    const url = URL.createObjectURL(new Blob([r.value.content], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = r.value.fileName
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    setStatus(
      `已导出 ${r.value.decisions} 条审阅决定、${r.value.merges} 项单位合并${r.value.units ? `、应报送单位名单 ${r.value.units} 个单位` : ''}：${r.value.fileName}`
    )
  }

  const importFile = async (file: File): Promise<void> => {
    const content = await file.text()
    const r = await api.importReviewWork({ content })
    if (!r.ok) {
      setResult(null)
      return setError(r.error)
    }
    setError(null)
    setResult(r.value)
    setStatus(null)
    bump()
  }

  const settle = async (id: number, take: 'mine' | 'theirs'): Promise<void> => {
    const r = await api.settleReviewConflict({ id, take })
    if (!r.ok) return setError(r.error)
    bump()
  }

  const list = conflicts.value ?? []
  return (
    <section
      className="panel settings-section share-review"
      aria-labelledby="share-title"
      data-testid="share-review"
    >
      <div className="panel-head">
        <h2 id="share-title">与同事共享审阅</h2>
      </div>
      <p className="settings-hint muted">
        多人分工审阅时，各自导出审阅决定（含单位合并和应报送单位名单）交给同事导入。导入时按文件内容和问题逐条对应，文件放在哪个文件夹、叫什么名字都不影响；名单按单位名称对应。双方决定不同的问题、名单不同之处都不会被覆盖，列在下面由您处理。
      </p>
      <div className="settings-row">
        <button type="button" onClick={() => void exportFile()} data-testid="export-review">
          导出我的审阅决定
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          导入同事的审阅决定…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-review"
          onChange={e => {
            const f = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            if (f) void importFile(f)
          }}
        />
      </div>
      {status && (
        <p className="muted" role="status">
          {status}
        </p>
      )}
      {result && (
        <p role="status" data-testid="import-result">
          已导入 {result.added} 条；{result.same} 条与本机相同；{result.conflicts}{' '}
          条与本机决定不同（见下）；{result.unmatched} 条在本机找不到同一文件的同一问题
          {result.merges ? `；合并单位 ${result.merges} 项` : ''}
          {result.roster.added ? `；应报送单位名单 ${result.roster.added} 个单位` : ''}
          {result.roster.aliases ? `；名单别名 ${result.roster.aliases} 个` : ''}
          {result.roster.conflicts
            ? `；名单有 ${result.roster.conflicts} 处与本机不同（见下）`
            : ''}
          。
        </p>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
        </div>
      )}
      <RosterConflicts />
      {list.length > 0 && (
        <div className="conflicts" data-testid="review-conflicts">
          <h3>待处理的冲突（{list.length}）</h3>
          <ol>
            {list.map(c => (
              <li key={c.id} data-testid="conflict">
                <div className="finding-head">
                  <span className="rule-id">{c.key.slice(0, c.key.indexOf('|'))}</span>
                  <strong>
                    {c.agency ?? c.file}
                    {c.year !== null ? ` · ${c.year}年` : ''}
                  </strong>
                  {c.reportId !== null && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        navigate({ screen: 'review', reportId: c.reportId!, finding: c.key })
                      }
                    >
                      查看
                    </button>
                  )}
                </div>
                <div className="finding-msg">{c.message}</div>
                <div className="conflict-sides">
                  <div>
                    本机：
                    <Side who="本机" d={c.mine} />
                  </div>
                  <div>
                    导入：
                    <Side who="同事" d={c.theirs} />
                  </div>
                </div>
                <div className="conflict-actions">
                  <button type="button" onClick={() => void settle(c.id, 'mine')}>
                    保留本机决定
                  </button>
                  <button type="button" onClick={() => void settle(c.id, 'theirs')}>
                    采用{c.theirs.reviewer || '同事'}的决定
                  </button>
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  )
}
