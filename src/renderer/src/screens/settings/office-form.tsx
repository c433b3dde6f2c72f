/**
 * 单位信息: who issues the 通报 and the 整改意见, to whom the 通报 goes, by when units must correct,
 * and the date the documents carry. Empty dates mean "the day of export" and "30 days after it",
 * so the defaults are right without anyone setting them.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { OfficeSettings } from '../../../../shared/api'
import { api } from '../../api'
import { SaveRow, type SaveState } from './save-status'

const FIELDS: Array<{ key: keyof OfficeSettings; label: string; hint: string; date?: boolean }> = [
  { key: 'issuer', label: '发文单位', hint: '通报和整改意见末尾的署名，例如：某市人民政府办公室' },
  { key: 'addressee', label: '主送', hint: '通报的主送单位，例如：各县区人民政府，市直各部门' },
  { key: 'rectifyBy', label: '整改期限', hint: '留空则为成文日期后 30 天', date: true },
  { key: 'issuedOn', label: '成文日期', hint: '留空则为导出当天', date: true }
]

function same(a: OfficeSettings, b: OfficeSettings): boolean {
  return FIELDS.every(f => a[f.key].trim() === b[f.key].trim())
}

export function OfficeForm({ saved }: { saved: OfficeSettings }): ReactNode {
  const [draft, setDraft] = useState(saved)
  const [base, setBase] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const dirty = !same(draft, base)
  const blank = draft.issuer.trim() === '' || draft.addressee.trim() === ''
  useEffect(() => {
    if (!same(saved, base)) {
      if (!dirty) setDraft(saved)
      setBase(saved)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved])

  const save = async (): Promise<void> => {
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ office: draft })
    if (!r.ok) return setState({ kind: 'error', error: r.error })
    setBase(r.value.office)
    setDraft(r.value.office)
    setState({
      kind: 'saved',
      at: new Date(),
      text: '已保存，之后导出的通报和整改意见将使用这些信息'
    })
  }

  return (
    <form
      className="panel settings-section"
      aria-labelledby="office-title"
      data-testid="office-form"
      onSubmit={e => {
        e.preventDefault()
        if (dirty && !blank) void save()
      }}
    >
      <div className="panel-head">
        <h2 id="office-title">单位信息</h2>
      </div>
      <p className="settings-hint muted">
        导出的通报和整改意见按公文格式署名、写明主送单位和整改期限。
      </p>
      <table className="deadlines office-fields">
        <tbody>
          {FIELDS.map(f => (
            <tr key={f.key}>
              <th scope="row">
                <label htmlFor={`office-${f.key}`}>{f.label}</label>
              </th>
              <td>
                <input
                  id={`office-${f.key}`}
                  type={f.date ? 'date' : 'text'}
                  className={f.date ? undefined : 'office-input'}
                  maxLength={f.key === 'addressee' ? 200 : 100}
                  value={draft[f.key]}
                  aria-invalid={!f.date && draft[f.key].trim() === ''}
                  onChange={e => {
                    setDraft(d => ({ ...d, [f.key]: e.target.value }))
                    setState({ kind: 'idle' })
                  }}
                />
                <div className="muted office-hint">{f.hint}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <SaveRow
        state={state}
        dirty={dirty}
        canSave={!blank}
        problem={blank ? '发文单位和主送不能为空' : null}
      />
    </form>
  )
}
