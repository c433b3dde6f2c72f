/**
 * 排名: every unit of a year scored with the supervisor's weights (设置 › 排名计分), worst first, with
 * its coverage status and its open findings per rule group. Sortable by any column, filterable by
 * year, level and (with a roster) region, printable on A4 as it is shown. The weights are written
 * above the table so nobody has to guess how a rank was made.
 */
import { useMemo, useState, type ReactNode } from 'react'
import {
  AGENCY_LEVEL_NAMES,
  AGENCY_LEVELS,
  type AgencyLevel,
  type RankingRow,
  type UnitStatus
} from '../../../../shared/api'
import { RULE_GROUPS, RULE_GROUP_NAMES, type RuleGroup } from '../../../../shared/rules'
import { api } from '../../api'
import { BulletinButton } from '../../components/bulletin-button'
import { EmptyState, ErrorState, Loading } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { navigate } from '../../lib/route'
import { useResult } from '../../lib/use-result'

const STATUS_NAMES: Record<UnitStatus, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  undated: '日期不明',
  missing: '未报送',
  unlisted: '名单外'
}
const PINYIN = new Intl.Collator('zh-CN-u-co-pinyin')

type SortKey = 'rank' | 'agency' | 'status' | 'errors' | 'warnings' | RuleGroup
interface Sort {
  key: SortKey
  dir: 'asc' | 'desc'
}

function compare(a: RankingRow, b: RankingRow, key: SortKey): number {
  switch (key) {
    case 'rank':
      return a.rank - b.rank
    case 'agency':
      return PINYIN.compare(a.agency, b.agency)
    case 'status':
      return PINYIN.compare(STATUS_NAMES[a.status], STATUS_NAMES[b.status])
    case 'errors':
      return a.errors - b.errors
    case 'warnings':
      return a.warnings - b.warnings
    default:
      return a.byGroup[key] - b.byGroup[key]
  }
}

export function RankingScreen(): ReactNode {
  const { dataVersion } = useAppState()
  const [year, setYear] = useState<number | undefined>(undefined)
  const [level, setLevel] = useState<AgencyLevel | ''>('')
  const [region, setRegion] = useState('')
  const [sort, setSort] = useState<Sort>({ key: 'rank', dir: 'asc' })
  const r = useResult(
    () => api.getRanking({ ...(year ? { year } : {}), ...(level ? { levels: [level] } : {}) }),
    [year, level, dataVersion]
  )
  const v = r.value
  const rows = useMemo(() => {
    const list = (v?.rows ?? []).filter(x => !region || x.region === region)
    const sign = sort.dir === 'asc' ? 1 : -1
    return [...list].sort((a, b) => sign * compare(a, b, sort.key) || a.rank - b.rank)
  }, [v, region, sort])

  if (r.error && !v) return <ErrorState error={r.error} onRetry={r.reload} />
  if (!v) return <Loading what="排名" />
  if (v.year === null)
    return (
      <EmptyState
        title="还没有可排名的报告"
        hint="添加报告文件夹后，这里按年度列出各单位的得分和排名。"
      />
    )
  const w = v.weights
  const c = v.coverage
  const head = (key: SortKey, label: string, title?: string): ReactNode => (
    <th
      key={key}
      scope="col"
      aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      title={title}
    >
      <button
        type="button"
        className="link-button sort-button"
        onClick={() =>
          setSort(s => ({
            key,
            dir:
              s.key === key
                ? s.dir === 'asc'
                  ? 'desc'
                  : 'asc'
                : key === 'rank' || key === 'agency'
                  ? 'asc'
                  : 'desc'
          }))
        }
      >
        {label}
        {sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  )
  return (
    <div className="ranking" data-testid="ranking">
      <div className="ranking-bar no-print">
        <label>
          年度{' '}
          <select
            value={v.year}
            onChange={e => setYear(Number(e.target.value))}
            data-testid="ranking-year"
          >
            {v.years.map(y => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          层级{' '}
          <select value={level} onChange={e => setLevel(e.target.value as AgencyLevel | '')}>
            <option value="">全部</option>
            {AGENCY_LEVELS.map(l => (
              <option key={l} value={l}>
                {AGENCY_LEVEL_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
        {v.regions.length > 0 && (
          <label>
            地区{' '}
            <select value={region} onChange={e => setRegion(e.target.value)}>
              <option value="">全部</option>
              {v.regions.map(x => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="spacer" />
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
        <BulletinButton year={v.year} />
      </div>
      <h2 className="ranking-title">{v.year} 年度各单位年度报告审查得分及排名</h2>
      <p className="ranking-weights" data-testid="ranking-weights">
        计分办法：未报送每家 {w.missing} 分，逾期报送 {w.late} 分，每个错误 {w.error} 分，每个警告{' '}
        {w.warning} 分；已忽略的问题不计，“提示”不计分。得分越高，问题越多。{' '}
        <button
          type="button"
          className="link-button no-print"
          onClick={() => navigate({ screen: 'settings' })}
        >
          修改计分
        </button>
      </p>
      {c && (
        <p className="ranking-coverage">
          应报 {c.required} 家，已报 {c.submitted} 家，按时 {c.onTime} 家，逾期 {c.late} 家
          {c.undated > 0 ? `，日期不明 ${c.undated} 家` : ''}，未报 {c.missing.length} 家
          {c.fromRoster ? '' : '（未导入应报送单位名单：应报按已报送的单位计）'}
        </p>
      )}
      <table className="ranking-table">
        <thead>
          <tr>
            {head('rank', '排名')}
            {head('agency', '单位', '按拼音排序')}
            <th scope="col">得分</th>
            {head('status', '报送情况')}
            {head('errors', '错误')}
            {head('warnings', '警告')}
            {RULE_GROUPS.map(g => head(g, RULE_GROUP_NAMES[g]))}
          </tr>
        </thead>
        <tbody>
          {rows.map(x => (
            <tr key={x.agencyKey} className={x.score > 0 ? undefined : 'ranking-clean'}>
              <td className="num">{x.rank}</td>
              <td>
                {x.status === 'missing' ? (
                  // 未报送: a roster unit with no report has no agency to open.
                  <span>{x.agency}</span>
                ) : (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => navigate({ screen: 'trends', agencyKey: x.agencyKey })}
                  >
                    {x.agency}
                  </button>
                )}
                {x.level ? (
                  <span className="muted ranking-level"> {AGENCY_LEVEL_NAMES[x.level]}</span>
                ) : null}
              </td>
              <td className="num ranking-score">{x.score}</td>
              <td className={`status-${x.status}`}>{STATUS_NAMES[x.status]}</td>
              <td className="num">{x.errors || ''}</td>
              <td className="num">{x.warnings || ''}</td>
              {RULE_GROUPS.map(g => (
                <td key={g} className="num">
                  {x.byGroup[g] || ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
