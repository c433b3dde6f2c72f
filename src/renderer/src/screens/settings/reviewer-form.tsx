/** 审阅人: the name written on every review decision from now on (earlier decisions keep theirs). */
import { useEffect, useState, type ReactNode } from 'react'
import { api } from '../../api'
import { SaveStatus, type SaveState } from './save-status'

export function ReviewerForm({ saved }: { saved: string }): ReactNode {
  const [name, setName] = useState(saved)
  const [base, setBase] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const dirty = name.trim() !== base
  // A value saved elsewhere (another window) replaces the field only while it holds no edit.
  useEffect(() => {
    setName(n => (n.trim() === base ? saved : n))
    setBase(saved)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved])

  const save = async (): Promise<void> => {
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ reviewerName: name.trim() })
    if (!r.ok) return setState({ kind: 'error', error: r.error })
    setBase(r.value.reviewerName)
    setName(r.value.reviewerName)
    setState({
      kind: 'saved',
      at: new Date(),
      text: r.value.reviewerName
        ? `已保存，之后的审阅决定将记录为“${r.value.reviewerName}”`
        : '已保存，审阅人已清空'
    })
  }

  return (
    <form
      className="panel settings-section"
      aria-labelledby="reviewer-title"
      onSubmit={e => {
        e.preventDefault()
        if (dirty) void save()
      }}
    >
      <div className="panel-head">
        <h2 id="reviewer-title">审阅人</h2>
      </div>
      <p className="settings-hint muted">
        在“报告审阅”中确认问题或忽略时，决定上记录的姓名。已作出的决定保留原来的审阅人。
      </p>
      <div className="settings-row">
        <label htmlFor="reviewer-name">姓名</label>
        <input
          id="reviewer-name"
          className="reviewer-input"
          maxLength={100}
          placeholder="例如：张三"
          value={name}
          onChange={e => {
            setName(e.target.value)
            setState({ kind: 'idle' })
          }}
        />
        <button type="submit" className="primary" disabled={!dirty || state.kind === 'saving'}>
          保存
        </button>
        <SaveStatus state={state} dirty={dirty} />
      </div>
    </form>
  )
}
