/**
 * The names merged into one agency, each with 取消合并: the alias's reports become their own agency
 * again and the core re-runs the duplicate and cross-year rules for both. A second click confirms,
 * so one stray Enter cannot split an agency.
 */
import { useState, type ReactNode } from 'react'
import type { AgencySummary, ApiError } from '../../../../shared/api'
import { api } from '../../api'
import { Dialog } from '../../components/dialog'

interface Props {
  agency: AgencySummary
  onClose: () => void
  onDone: (message: string) => void
}

export function AliasesDialog({ agency, onClose, onDone }: Props): ReactNode {
  const [asking, setAsking] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const unmerge = async (alias: string): Promise<void> => {
    setBusy(true)
    const r = await api.unmergeAgency({ alias })
    setBusy(false)
    if (!r.ok) return setError(r.error)
    onDone(`已取消合并：“${alias}”重新作为独立单位显示。`)
  }

  return (
    <Dialog
      title={`“${agency.name}”的名称`}
      onClose={onClose}
      testId="aliases-dialog"
      actions={
        <button type="button" onClick={onClose}>
          关闭
        </button>
      }
    >
      <p>以下名称已合并为同一单位，其报告都计入“{agency.name}”。</p>
      <ul className="alias-list">
        <li>
          <span className="alias-name">{agency.name}</span>
          <span className="muted">主名称</span>
        </li>
        {agency.aliases.map(a => (
          <li key={a} data-alias={a}>
            <span className="alias-name">{a}</span>
            {asking !== a && (
              <button type="button" className="small" disabled={busy} onClick={() => setAsking(a)}>
                取消合并
              </button>
            )}
            {asking === a && (
              <div className="alias-confirm">
                <span>
                  取消后该名称的报告将重新作为独立单位，跨年度规则和重复报送检查将重新运行。
                </span>
                <span className="alias-confirm-buttons">
                  <button
                    type="button"
                    className="primary small"
                    autoFocus
                    disabled={busy}
                    onClick={() => void unmerge(a)}
                  >
                    {busy ? '正在取消…' : '确定取消合并'}
                  </button>
                  <button
                    type="button"
                    className="small"
                    disabled={busy}
                    onClick={() => setAsking(null)}
                  >
                    返回
                  </button>
                </span>
              </div>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <div className="inline-error" role="alert">
          取消合并失败：{error.message}
        </div>
      )}
    </Dialog>
  )
}
