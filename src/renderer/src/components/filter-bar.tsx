/**
 * The global filters: reporting years, agency name search, severity, rule. Every screen and the
 * export follow them, so the bar sits under the tabs, always visible.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { RULE_IDS, RULES, SEVERITIES, type RuleId, type Severity } from '../../../shared/rules'
import { api } from '../api'
import { useAppState } from '../lib/app-state'
import { severityName } from '../lib/format'
import { useResult } from '../lib/use-result'

function isRuleId(s: string): s is RuleId {
  return (RULE_IDS as readonly string[]).includes(s)
}
function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s)
}

export function FilterBar(): ReactNode {
  const { filter, setFilter, dataVersion } = useAppState()
  // Unfiltered overview: which years exist and which rules fired at all.
  const all = useResult(() => api.getOverview({}), [dataVersion])
  const years = all.value?.counts.years ?? []
  const fired = new Map((all.value?.byRule ?? []).map(r => [r.rule, r.reports]))

  const [search, setSearch] = useState(filter.search ?? '')
  useEffect(() => setSearch(filter.search ?? ''), [filter.search])
  useEffect(() => {
    if (search === (filter.search ?? '')) return
    const t = setTimeout(() => setFilter({ ...filter, search }), 300)
    return () => clearTimeout(t)
  }, [search, filter, setFilter])

  const selectedYears = new Set(filter.years ?? [])
  const toggleYear = (y: number): void => {
    const next = new Set(selectedYears)
    if (next.has(y)) next.delete(y)
    else next.add(y)
    setFilter({ ...filter, years: [...next] })
  }
  const rule = filter.rules?.[0] ?? ''
  // With a roster (应报送单位名单): its regions, and the problems-only switch.
  const roster = all.value?.coverage
  const regions = (roster?.regions ?? []).flatMap(r => (r.region === null ? [] : [r.region]))
  const active =
    selectedYears.size > 0 ||
    !!filter.search ||
    !!filter.severity ||
    (filter.rules?.length ?? 0) > 0 ||
    !!filter.pending ||
    !!filter.unrecognised ||
    (filter.regions?.length ?? 0) > 0 ||
    !!filter.problems

  return (
    <div className="filter-bar" role="search" aria-label="筛选">
      <div className="filter-group" role="group" aria-label="年度">
        <span className="filter-label">年度</span>
        {years.length === 0 && <span className="muted">暂无</span>}
        {years.map(y => (
          <button
            key={y}
            type="button"
            className={`chip${selectedYears.has(y) ? ' chip-on' : ''}`}
            aria-pressed={selectedYears.has(y)}
            onClick={() => toggleYear(y)}
          >
            {y}
          </button>
        ))}
      </div>
      <label className="filter-group">
        <span className="filter-label">单位</span>
        <input
          type="search"
          className="filter-search"
          placeholder="输入单位名称或文件名"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
      </label>
      <label className="filter-group">
        <span className="filter-label">严重程度</span>
        <select
          value={filter.severity ?? ''}
          onChange={e => {
            const v = e.target.value
            setFilter({ ...filter, severity: isSeverity(v) ? v : undefined })
            // Chosen, the list lets go of the keys: a J or K next would pick another option.
            e.currentTarget.blur()
          }}
        >
          <option value="">全部</option>
          {SEVERITIES.map(s => (
            <option key={s} value={s}>
              含{severityName(s)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-group">
        <span className="filter-label">规则</span>
        <select
          className="filter-rule"
          value={rule}
          onChange={e => {
            const v = e.target.value
            setFilter({ ...filter, rules: isRuleId(v) ? [v] : [] })
            e.currentTarget.blur()
          }}
        >
          <option value="">全部规则</option>
          {RULE_IDS.map(id => (
            <option key={id} value={id}>
              {id} {RULES[id].name}
              {fired.has(id) ? `（${fired.get(id)} 份）` : ''}
            </option>
          ))}
        </select>
      </label>
      {(roster || filter.regions?.length) && (
        <label className="filter-group">
          <span className="filter-label">地区</span>
          <select
            className="filter-region"
            value={filter.regions?.[0] ?? ''}
            onChange={e =>
              setFilter({ ...filter, regions: e.target.value ? [e.target.value] : [] })
            }
          >
            <option value="">全部地区</option>
            {[...new Set([...regions, ...(filter.regions ?? [])])].map(r => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
      )}
      <button
        type="button"
        className={`chip${filter.problems ? ' chip-on' : ''}`}
        aria-pressed={!!filter.problems}
        title={roster ? '只看未报送、逾期报送或报告有错误的单位' : '只看有错误或逾期发布的报告'}
        onClick={() => setFilter({ ...filter, problems: !filter.problems })}
      >
        只看有问题的
      </button>
      <button
        type="button"
        className={`chip${filter.pending ? ' chip-on' : ''}`}
        aria-pressed={!!filter.pending}
        title="只看还有错误或警告未审（未确认也未忽略）的报告；N/P 只在这些报告间移动"
        data-testid="filter-pending"
        onClick={e => {
          setFilter({ ...filter, pending: !filter.pending })
          e.currentTarget.blur()
        }}
      >
        待审
      </button>
      {filter.unrecognised && (
        <button
          type="button"
          className="chip chip-on"
          aria-pressed
          title="只看无法识别的文件；点击取消"
          onClick={() => setFilter({ ...filter, unrecognised: false })}
        >
          无法识别的文件 ×
        </button>
      )}
      {active && (
        <button type="button" className="link-button" onClick={() => setFilter({})}>
          清除筛选
        </button>
      )}
    </div>
  )
}
