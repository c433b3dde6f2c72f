/**
 * 发布期限 by agency level (rule M05). Saving re-runs M05 in the core for every report with a known
 * publication date, so the confirmation says so. 恢复默认 fills in rules.md's defaults; nothing is
 * saved until 保存, so a slip of the mouse costs nothing.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { AGENCY_LEVEL_NAMES, AGENCY_LEVELS, type AgencyLevel } from '../../../../shared/api'
import { api } from '../../api'
import {
  dateText,
  DEFAULT_DEADLINES,
  parseDate,
  sameDate,
  toDraft,
  type DeadlineDraft,
  type Deadlines
} from '../../lib/deadlines'
import { navigate } from '../../lib/route'
import { SaveRow, type SaveState } from './save-status'

/** The draft as deadlines, or the first level whose inputs are not a real date. */
function parseDraft(d: DeadlineDraft): { ok: Deadlines } | { level: AgencyLevel; message: string } {
  const out: Partial<Deadlines> = {}
  for (const l of AGENCY_LEVELS) {
    const p = parseDate(d[l])
    if (typeof p === 'string') return { level: l, message: p }
    out[l] = p
  }
  return { ok: out as Deadlines }
}

function equal(a: Deadlines, b: Deadlines): boolean {
  return AGENCY_LEVELS.every(l => sameDate(a[l], b[l]))
}

export function DeadlinesForm({ saved }: { saved: Deadlines }): ReactNode {
  const [base, setBase] = useState(saved)
  const [draft, setDraft] = useState(() => toDraft(saved))
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  const parsed = parseDraft(draft)
  const valid = 'ok' in parsed ? parsed.ok : null
  const dirty = valid === null || !equal(valid, base)
  const atDefaults = valid !== null && equal(valid, DEFAULT_DEADLINES)

  // Saved elsewhere: take the new values only while there is no edit in progress.
  useEffect(() => {
    if (!equal(saved, base)) {
      if (!dirty) setDraft(toDraft(saved))
      setBase(saved)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved])

  const edit = (l: AgencyLevel, part: 'month' | 'day', v: string): void => {
    setDraft(d => ({ ...d, [l]: { ...d[l], [part]: v } }))
    setState({ kind: 'idle' })
  }
  const save = async (): Promise<void> => {
    if (!valid) return
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ deadlines: valid })
    if (!r.ok) return setState({ kind: 'error', error: r.error })
    setBase(r.value.deadlines)
    setDraft(toDraft(r.value.deadlines))
    setState({
      kind: 'saved',
      at: new Date(),
      text: '已保存，已按新期限重新检查各报告的发布时间（M05）'
    })
  }

  return (
    <form
      className="panel settings-section"
      aria-labelledby="deadlines-title"
      onSubmit={e => {
        e.preventDefault()
        if (dirty && valid) void save()
      }}
    >
      <div className="panel-head">
        <h2 id="deadlines-title">年度报告发布期限</h2>
      </div>
      <p className="settings-hint muted">
        报告年度次年的发布期限，用于规则 M05（逾期发布）：例如 2024
        年度报告按政府部门的默认期限，须在 2025 年 1 月 31
        日前发布。只检查能确定发布日期的报告。单位属于哪一层级可在
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ screen: 'agencies' })}
        >
          单位
        </button>
        页修改。
      </p>
      <table className="deadlines">
        <thead>
          <tr>
            <th scope="col">单位层级</th>
            <th scope="col">发布期限（次年）</th>
            <th scope="col">默认</th>
          </tr>
        </thead>
        <tbody>
          {AGENCY_LEVELS.map(l => {
            const bad = 'level' in parsed && parsed.level === l
            const name = AGENCY_LEVEL_NAMES[l]
            return (
              <tr key={l} data-level={l}>
                <th scope="row">{name}</th>
                <td>
                  <span className="deadline-inputs">
                    <input
                      type="number"
                      min={1}
                      max={12}
                      aria-label={`${name}：月`}
                      aria-invalid={bad}
                      value={draft[l].month}
                      onChange={e => edit(l, 'month', e.target.value)}
                    />
                    <span>月</span>
                    <input
                      type="number"
                      min={1}
                      max={31}
                      aria-label={`${name}：日`}
                      aria-invalid={bad}
                      value={draft[l].day}
                      onChange={e => edit(l, 'day', e.target.value)}
                    />
                    <span>日</span>
                    {bad && 'message' in parsed && (
                      <span className="inline-error" role="alert">
                        {parsed.message}
                      </span>
                    )}
                  </span>
                </td>
                <td className="muted">{dateText(DEFAULT_DEADLINES[l])}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <SaveRow
        state={state}
        dirty={dirty}
        canSave={!!valid}
        atDefaults={atDefaults}
        onReset={() => {
          setDraft(toDraft(DEFAULT_DEADLINES))
          setState({ kind: 'idle' })
        }}
      />
    </form>
  )
}
