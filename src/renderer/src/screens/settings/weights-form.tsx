/**
 * 排名计分: the points a unit gets for not reporting, for reporting late, and for each open error and
 * warning. The ranking and the 通报 show these beside the ranks, so nobody has to guess how a rank
 * was made. Dismissed findings never count.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ScoreWeights } from '../../../../shared/api'
import { api } from '../../api'
import { SaveRow, type SaveState } from './save-status'

const KEYS: Array<{ key: keyof ScoreWeights; label: string }> = [
  { key: 'missing', label: '未报送（每家）' },
  { key: 'late', label: '逾期报送（每家）' },
  { key: 'error', label: '每个错误' },
  { key: 'warning', label: '每个警告' }
]
export const DEFAULT_WEIGHTS: ScoreWeights = { missing: 100, late: 20, error: 5, warning: 1 }

type Draft = Record<keyof ScoreWeights, string>
const toDraft = (w: ScoreWeights): Draft => ({
  missing: String(w.missing),
  late: String(w.late),
  error: String(w.error),
  warning: String(w.warning)
})
function parse(d: Draft): ScoreWeights | null {
  const out = {} as ScoreWeights
  for (const { key } of KEYS) {
    const t = d[key].trim()
    if (!/^\d{1,5}(\.\d{1,2})?$/.test(t) || Number(t) > 10_000) return null
    out[key] = Number(t)
  }
  return out
}
const equal = (a: ScoreWeights, b: ScoreWeights): boolean => KEYS.every(k => a[k.key] === b[k.key])

export function WeightsForm({ saved }: { saved: ScoreWeights }): ReactNode {
  const [draft, setDraft] = useState(() => toDraft(saved))
  const [base, setBase] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const valid = parse(draft)
  const dirty = valid === null || !equal(valid, base)
  useEffect(() => {
    if (!equal(saved, base)) {
      if (!dirty) setDraft(toDraft(saved))
      setBase(saved)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved])

  const save = async (): Promise<void> => {
    if (!valid) return
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ scoreWeights: valid })
    if (!r.ok) return setState({ kind: 'error', error: r.error })
    setBase(r.value.scoreWeights)
    setDraft(toDraft(r.value.scoreWeights))
    setState({ kind: 'saved', at: new Date(), text: '已保存，排名已按新的计分重新计算' })
  }

  return (
    <form
      className="panel settings-section"
      aria-labelledby="weights-title"
      data-testid="weights-form"
      onSubmit={e => {
        e.preventDefault()
        if (dirty && valid) void save()
      }}
    >
      <div className="panel-head">
        <h2 id="weights-title">排名计分</h2>
      </div>
      <p className="settings-hint muted">
        单位排名按得分从高到低排列（得分越高问题越多）。只计未忽略的问题，“提示”不计分。
      </p>
      <table className="deadlines">
        <tbody>
          {KEYS.map(k => (
            <tr key={k.key}>
              <th scope="row">
                <label htmlFor={`weight-${k.key}`}>{k.label}</label>
              </th>
              <td>
                <input
                  id={`weight-${k.key}`}
                  inputMode="decimal"
                  className="weight-input"
                  value={draft[k.key]}
                  aria-invalid={
                    parse({ ...toDraft(DEFAULT_WEIGHTS), [k.key]: draft[k.key] }) === null
                  }
                  onChange={e => {
                    setDraft(d => ({ ...d, [k.key]: e.target.value }))
                    setState({ kind: 'idle' })
                  }}
                />{' '}
                分
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SaveRow
        state={state}
        dirty={dirty}
        canSave={!!valid}
        problem={valid ? null : '请填写 0 到 10000 之间的分值'}
        atDefaults={valid !== null && equal(valid, DEFAULT_WEIGHTS)}
        onReset={() => {
          setDraft(toDraft(DEFAULT_WEIGHTS))
          setState({ kind: 'idle' })
        }}
      />
    </form>
  )
}
