/**
 * Pick one agency by typing part of its name: a combobox over the core's agency search (the list
 * can be thousands long, so only the first matches are fetched). ↑/↓ move, Enter picks. The global
 * filters do not apply: the agency to merge into may be filtered out of the table behind.
 */
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { AgencySummary } from '../../../../shared/api'
import { api } from '../../api'
import { levelName } from '../../lib/format'
import { useResult } from '../../lib/use-result'

const LIMIT = 30

interface Props {
  /** The agency being merged: never offered as its own target. */
  exclude: string
  onPick: (a: AgencySummary) => void
}

export function AgencyPicker({ exclude, onPick }: Props): ReactNode {
  const [text, setText] = useState('')
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  // Wait for a pause in typing before asking the core.
  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), 150)
    return () => clearTimeout(t)
  }, [text])
  const res = useResult(
    () =>
      api.listAgencies({
        filter: query ? { search: query } : undefined,
        sort: { key: 'name', dir: 'asc' },
        page: { offset: 0, limit: LIMIT }
      }),
    [query]
  )
  useEffect(() => setActive(0), [query])
  const items = (res.value?.items ?? []).filter(a => a.key !== exclude)
  const more = (res.value?.total ?? 0) > LIMIT

  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') setActive(i => Math.min(items.length - 1, i + 1))
    else if (e.key === 'ArrowUp') setActive(i => Math.max(0, i - 1))
    else if (e.key === 'Enter') {
      const a = items[active]
      if (a) onPick(a)
    } else return
    e.preventDefault()
  }

  return (
    <div className="picker">
      <input
        className="picker-input"
        role="combobox"
        aria-label="搜索目标单位"
        aria-expanded
        aria-controls="picker-list"
        aria-activedescendant={items[active] ? `pick-${active}` : undefined}
        placeholder="输入单位名称的一部分"
        data-autofocus
        value={text}
        onChange={e => setText(e.target.value)}
        onKeyDown={onKey}
      />
      {res.error && (
        <div className="inline-error" role="alert">
          {res.error.message}
        </div>
      )}
      <ul id="picker-list" className="picker-list" role="listbox" aria-label="单位">
        {items.map((a, i) => (
          <li
            key={a.key}
            id={`pick-${i}`}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'picker-on' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => onPick(a)}
          >
            <span className="picker-name">{a.name}</span>
            <span className="muted">
              {levelName(a.level)} · {a.years.length > 0 ? a.years.join('、') : '无报告'}
            </span>
          </li>
        ))}
      </ul>
      {res.value && items.length === 0 && <p className="muted">没有匹配的单位。</p>}
      {more && <p className="muted picker-more">只显示前 {LIMIT} 个，请输入更多字缩小范围。</p>}
    </div>
  )
}
