/**
 * 检查项目: S06 and Y05 judge wording, not the template, and a supervisor may not want them (a
 * collection of one unit has nothing to compare; a house style may repeat on purpose). Each switch
 * saves at once; the core re-runs that rule over the whole collection.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { RULES } from '../../../../shared/rules'
import { SWITCHABLE_RULES, type Settings, type SwitchableRule } from '../../../../shared/api'
import { api } from '../../api'
import { SaveStatus, type SaveState } from './save-status'

const HINTS: Record<SwitchableRule, string> = {
  S06: '正文中同一词语连写两次（如“资金资金”），或同一部分的小标题序号不连续（如“（一）（三）”）。',
  Y05: '“总体情况”或“存在的主要问题及改进情况”与其他单位同年或上年的报告基本相同（模板通用语句不计）。'
}

export function ChecksForm({ saved }: { saved: Settings['checks'] }): ReactNode {
  const [checks, setChecks] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  useEffect(() => setChecks(saved), [saved])

  const toggle = async (rule: SwitchableRule, on: boolean): Promise<void> => {
    const next = { ...checks, [rule]: on }
    setChecks(next)
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ checks: next })
    if (!r.ok) {
      setChecks(checks)
      return setState({ kind: 'error', error: r.error })
    }
    setChecks(r.value.checks)
    setState({
      kind: 'saved',
      at: new Date(),
      text: `已保存，${rule} ${RULES[rule].name}已${on ? '开启' : '关闭'}，检查结果已更新`
    })
  }

  return (
    <section className="panel settings-section" aria-labelledby="checks-title">
      <div className="panel-head">
        <h2 id="checks-title">检查项目</h2>
      </div>
      <p className="settings-hint muted">
        以下两项检查文字本身而非格式，可按需关闭；关闭后已有的相应问题随即撤下。
      </p>
      {SWITCHABLE_RULES.map(rule => (
        <div className="settings-row" key={rule}>
          <label>
            <input
              type="checkbox"
              checked={checks[rule]}
              disabled={state.kind === 'saving'}
              onChange={e => void toggle(rule, e.target.checked)}
            />{' '}
            {rule} {RULES[rule].name}
          </label>
          <span className="muted">{HINTS[rule]}</span>
        </div>
      ))}
      <SaveStatus state={state} dirty={false} />
    </section>
  )
}
