/**
 * The agency × year matrix, coloured by status. Rows are virtualised and fetched page by page, so
 * a city with thousands of agencies scrolls smoothly. A cell opens that year's report.
 */
import { useState, type ReactNode } from 'react'
import type { Matrix, MatrixCell, MatrixRow, MatrixSort } from '../../../../shared/api'
import { assertNever } from '../../../../shared/assert'
import { api } from '../../api'
import { FirstPage, NoResults } from '../../components/states'
import { StatusLegend } from '../../components/status'
import { useAppState } from '../../lib/app-state'
import { levelName, STATUS_NAMES } from '../../lib/format'
import { navigate } from '../../lib/route'
import { usePaged, useVirtualRows } from '../../lib/use-paged'

const ROW_H = 30

/** With a roster: 未报送 is a finding of its own, never an empty cell; a late one says so. */
function cellText(c: MatrixCell): string {
  if (c.removed) return '已删除'
  if (c.coverage === 'missing') return '未报送'
  const late = c.coverage === 'late' ? '逾期 ' : ''
  switch (c.status) {
    case 'none':
      return '—'
    case 'clean':
      return late ? '逾期' : '✓'
    case 'warnings':
      return `${late}警${c.warnings}`
    case 'errors':
      return c.warnings > 0 && !late ? `错${c.errors} 警${c.warnings}` : `${late}错${c.errors}`
    default:
      return assertNever(c.status, 'unknown cell status')
  }
}

const COVERAGE_TITLES: Record<string, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  undated: '已报送·发布日期不明',
  unlisted: '名单外（不在应报送单位名单中）'
}

function coverageTitle(c: MatrixCell): string {
  if (!c.coverage || c.coverage === 'missing') return ''
  const dates = c.published ? `，发布于 ${c.published}` : ''
  const deadline = c.deadline ? `，期限 ${c.deadline}` : ''
  return `；${COVERAGE_TITLES[c.coverage]}${dates}${deadline}`
}

function cellTitle(row: MatrixRow, c: MatrixCell): string {
  if (c.removed) return `${row.name} ${c.year}年：报告文件已删除（审阅记录保留），点击查看`
  if (c.coverage === 'missing')
    return `${row.name} ${c.year}年：未报送（应于 ${c.deadline} 前发布）`
  if (typeof row.unitId === 'number' && !c.coverage)
    return `${row.name} ${c.year}年：不在应报送年度内`
  const base = `${row.name} ${c.year}年：${c.status === 'none' ? '无报告' : STATUS_NAMES[c.status]}`
  if (c.status === 'none') return base
  const dup = c.duplicates > 0 ? `，同年共 ${c.duplicates + 1} 份报告` : ''
  return `${base}（错误 ${c.errors}，警告 ${c.warnings}${dup}${coverageTitle(c)}）`
}

/** The cell's class: 未报送 and 逾期 are coloured apart from an empty cell and from findings. */
function cellClass(c: MatrixCell): string {
  // 已删除 looks as it does without a roster, not as 未报送 (its coverage is 'missing' in the counts).
  const cov =
    !c.removed && (c.coverage === 'missing' || c.coverage === 'late')
      ? ` coverage-${c.coverage}`
      : ''
  return `matrix-cell status-bg-${c.status}${cov}`
}

export function StatusMatrix(): ReactNode {
  const { filter, dataVersion } = useAppState()
  // 'roster': with a roster its own order as imported (the supervisor's Excel list, which they
  // read the matrix against, region by region), without one 拼音 (the core decides).
  const [sort, setSort] = useState<MatrixSort>('roster')
  const paged = usePaged<MatrixRow, Matrix>(
    page => api.getMatrix({ filter, page, sort }),
    m => ({ items: m.rows, total: m.total }),
    [filter, dataVersion, sort]
  )
  const { scrollRef, count, v, items } = useVirtualRows(paged, ROW_H, 12)

  const years = paged.last?.years ?? []
  const roster = paged.last?.rows[0]?.unitId !== undefined
  const cols = `minmax(180px, 420px) ${roster ? '90px ' : ''}96px repeat(${years.length}, minmax(72px, 110px))`

  return (
    <section className="panel matrix-panel" aria-labelledby="matrix-title">
      <div className="panel-head">
        <h2 id="matrix-title">
          {roster ? '应报送单位' : '单位'} × 年度
          {paged.total !== null ? `（${paged.total} 个单位）` : ''}
        </h2>
        <label className="matrix-sort">
          排序{' '}
          <select
            value={sort === 'roster' && !roster ? 'pinyin' : sort}
            onChange={e => setSort(e.target.value as MatrixSort)}
            data-testid="matrix-sort"
          >
            {roster && <option value="roster">按名单顺序</option>}
            <option value="pinyin">按拼音</option>
            <option value="problems">问题最多在前</option>
          </select>
        </label>
        <StatusLegend roster={roster} />
      </div>
      <FirstPage paged={paged} what="矩阵" />
      {paged.total === 0 && (
        <NoResults
          filter={filter}
          what="单位"
          none="还没有报告"
          start="请在右侧添加收集年报的文件夹，程序会自动读取。"
        />
      )}
      {count > 0 && (
        <div
          className="matrix"
          role="grid"
          aria-rowcount={count + 1}
          aria-colcount={years.length + (roster ? 3 : 2)}
        >
          <div className="matrix-head" role="row" style={{ gridTemplateColumns: cols }}>
            <span role="columnheader">单位</span>
            {roster && <span role="columnheader">所属地区</span>}
            <span role="columnheader">层级</span>
            {years.map(y => (
              <span key={y} role="columnheader" className="matrix-year">
                {y}
              </span>
            ))}
          </div>
          <div ref={scrollRef} className="matrix-scroll" data-testid="matrix">
            <div style={{ height: v.getTotalSize(), position: 'relative' }}>
              {items.map(it => {
                const row = paged.row(it.index)
                return (
                  <div
                    key={it.key}
                    role="row"
                    aria-rowindex={it.index + 2}
                    className={`matrix-row${row?.unitId === null ? ' matrix-unlisted' : ''}`}
                    data-agency={row?.name}
                    style={{
                      transform: `translateY(${it.start}px)`,
                      height: ROW_H,
                      gridTemplateColumns: cols
                    }}
                  >
                    {row ? (
                      <>
                        <span role="rowheader" className="matrix-name" title={row.name}>
                          {row.name}
                          {row.unitId === null && (
                            <span
                              className="tag-unlisted"
                              title="找到了报告，但不在应报送单位名单中"
                            >
                              名单外
                            </span>
                          )}
                        </span>
                        {roster && <span className="matrix-level">{row.region ?? ''}</span>}
                        <span className="matrix-level">{levelName(row.level)}</span>
                        {row.cells.map(c => (
                          <span key={c.year} role="gridcell">
                            <button
                              type="button"
                              className={`${cellClass(c)}${c.removed ? ' matrix-removed' : ''}`}
                              data-status={c.status}
                              data-coverage={c.coverage}
                              data-year={c.year}
                              title={cellTitle(row, c)}
                              disabled={c.reportId === null}
                              onClick={() =>
                                c.reportId !== null &&
                                navigate({ screen: 'review', reportId: c.reportId, finding: null })
                              }
                            >
                              {cellText(c)}
                            </button>
                          </span>
                        ))}
                      </>
                    ) : (
                      <span className="muted">加载中…</span>
                    )}
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  )
}
