/**
 * 合并到…: one agency published under two spellings (renamed, brackets, a 局 that became a 中心)
 * shows up as two agencies. Merging makes the name an alias of the target, stored in the database:
 * its reports count as the target's in every year, and the core re-runs the duplicate (M02) and
 * cross-year (Y) rules. First pick the target, then confirm with what will happen spelled out.
 */
import { useState, type ReactNode } from 'react'
import type { AgencySummary, ApiError } from '../../../../shared/api'
import { api } from '../../api'
import { Dialog } from '../../components/dialog'
import { levelName } from '../../lib/format'
import { AgencyPicker } from './agency-picker'

interface Props {
  agency: AgencySummary
  onClose: () => void
  /** After a successful merge, with a confirmation to show. */
  onDone: (message: string) => void
}

function yearsText(years: number[]): string {
  return years.length > 0 ? years.join('、') : '无'
}

export function MergeDialog({ agency, onClose, onDone }: Props): ReactNode {
  const [target, setTarget] = useState<AgencySummary | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)

  const merge = async (t: AgencySummary): Promise<void> => {
    setBusy(true)
    const r = await api.mergeAgencies({ into: t.key, from: [agency.key] })
    setBusy(false)
    if (!r.ok) return setError(r.error)
    onDone(
      `已将“${agency.name}”合并到“${r.value.name}”，现有 ${r.value.years.length} 个年度：${yearsText(r.value.years)}。`
    )
  }

  if (!target)
    return (
      <Dialog title={`将“${agency.name}”合并到…`} onClose={onClose} testId="merge-dialog">
        <p>选择同一单位的另一个名称（例如更名前后的名称）。下一步会请您确认。</p>
        <AgencyPicker exclude={agency.key} onPick={setTarget} />
      </Dialog>
    )

  const overlap = agency.years.filter(y => target.years.includes(y))
  const years = [...new Set([...agency.years, ...target.years])].sort((a, b) => a - b)
  return (
    <Dialog
      title="确认合并"
      onClose={onClose}
      testId="merge-dialog"
      actions={
        <>
          {error && (
            <span className="inline-error dialog-error" role="alert">
              合并失败：{error.message}
            </span>
          )}
          <button type="button" onClick={() => setTarget(null)} disabled={busy}>
            返回
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            取消
          </button>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={busy}
            onClick={() => void merge(target)}
          >
            {busy ? '正在合并…' : '确认合并'}
          </button>
        </>
      }
    >
      <p>
        {'“'}
        <strong>{agency.name}</strong>
        {`”（${yearsText(agency.years)}）将并入“`}
        <strong>{target.name}</strong>
        {`”（${yearsText(target.years)}）。`}
      </p>
      <ul className="merge-facts">
        <li>
          {`两个名称从此视为同一单位，历年报告都归在“${target.name}”下：共 ${years.length} 个年度（${yearsText(years)}）。`}
        </li>
        <li>
          单位层级沿用“{target.name}”的层级（{levelName(target.level)}）。
        </li>
        <li>跨年度规则（Y 组）和重复报送检查（M02）将按合并后的单位重新运行。</li>
        {overlap.length > 0 && (
          <li className="merge-warn">
            {`两个名称在 ${overlap.join('、')} 年都有报告，合并后这些年度会提示“同一单位同一年度有多份报告”（M02），以最新的文件为准。`}
          </li>
        )}
        <li>合并保存在数据库中；如有误，可在单位列表中点击该单位的“等 N 个名称”取消合并。</li>
      </ul>
    </Dialog>
  )
}
