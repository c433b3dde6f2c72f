/** Errors and warnings per rule group, and the most frequent rules (click one to filter by it). */
import type { ReactNode } from 'react'
import type { Overview } from '../../../../shared/api'
import { RULE_GROUP_NAMES, RULES } from '../../../../shared/rules'
import { SeverityBadge } from '../../components/status'
import { useAppState } from '../../lib/app-state'
import { num } from '../../lib/format'

export function FindingsByGroup({ overview }: { overview: Overview }): ReactNode {
  const { filter, setFilter } = useAppState()
  const max = Math.max(1, ...overview.byGroup.map(g => g.findings.error + g.findings.warning))
  return (
    <section className="panel" aria-labelledby="groups-title">
      <h2 id="groups-title">按规则类别统计</h2>
      <table className="group-table">
        <thead>
          <tr>
            <th scope="col">类别</th>
            <th scope="col" className="num">
              错误
            </th>
            <th scope="col" className="num">
              警告
            </th>
            <th scope="col" className="num">
              涉及报告
            </th>
            <th scope="col" aria-label="比例" />
          </tr>
        </thead>
        <tbody>
          {overview.byGroup.map(g => {
            const e = (g.findings.error / max) * 100
            const w = (g.findings.warning / max) * 100
            return (
              <tr key={g.group} data-group={g.group}>
                <th scope="row">
                  {g.group} {RULE_GROUP_NAMES[g.group]}
                </th>
                <td className={`num${g.findings.error > 0 ? ' count-error' : ' count-zero'}`}>
                  {num(g.findings.error)}
                </td>
                <td className={`num${g.findings.warning > 0 ? ' count-warning' : ' count-zero'}`}>
                  {num(g.findings.warning)}
                </td>
                <td className="num">{num(g.reports)}</td>
                <td className="bar-cell">
                  <span className="bar bar-error" style={{ width: `${e}%` }} />
                  <span className="bar bar-warning" style={{ width: `${w}%` }} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {overview.byRule.length > 0 && (
        <>
          <h3>最常见的问题</h3>
          <ul className="rule-list">
            {overview.byRule.slice(0, 5).map(r => (
              <li key={r.rule}>
                <button
                  type="button"
                  className="rule-link"
                  title="只看有此问题的报告"
                  onClick={() => setFilter({ ...filter, rules: [r.rule] })}
                >
                  <SeverityBadge severity={r.severity} />
                  <span className="rule-id">{r.rule}</span>
                  <span className="rule-name">{RULES[r.rule].name}</span>
                  <span className="rule-count">{num(r.reports)} 份</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
