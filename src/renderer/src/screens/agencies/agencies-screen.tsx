/**
 * 单位: every agency with its latest status, counts and a small trend. Sorting happens in the core
 * (the list can be thousands long and is fetched page by page); the rows are virtualised.
 */
import { useState, type ReactNode } from 'react'
import type {
  AgencyLevel,
  AgencySortKey,
  AgencySummary,
  ApiError,
  Page,
  SortDir
} from '../../../../shared/api'
import { api } from '../../api'
import { FirstPage, NoResults } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { levelName, num } from '../../lib/format'
import { usePaged, useVirtualRows } from '../../lib/use-paged'
import { AgencyCells, type RowActions } from './agency-row'
import { AliasesDialog } from './aliases-dialog'
import { MergeDialog } from './merge-dialog'
import { RegionStrip } from './region-strip'

const ROW_H = 36
const COLS = 'minmax(200px, 2.4fr) 112px 96px 64px 80px 48px 48px 124px 176px'

const HEADERS: Array<{ key: AgencySortKey | null; label: string; num?: boolean }> = [
  { key: 'name', label: '单位名称' },
  { key: 'level', label: '层级' },
  { key: 'reports', label: '报告数', num: true },
  { key: 'latestYear', label: '最新年度', num: true },
  { key: 'status', label: '最新状态' },
  // The latest report's, as 最新状态: said in the header (the bare 错误/警告 read as totals; issue #22).
  { key: 'errors', label: '最新错误', num: true },
  { key: 'warnings', label: '最新警告', num: true },
  { key: null, label: '历年趋势' },
  { key: null, label: '操作' }
]

type DialogState = { kind: 'merge' | 'names'; agency: AgencySummary } | null

export function AgenciesScreen(): ReactNode {
  const { filter, dataVersion, bump } = useAppState()
  const [dialog, setDialog] = useState<DialogState>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [saving, setSaving] = useState<string | null>(null)
  const [sort, setSort] = useState<{ key: AgencySortKey; dir: SortDir }>({
    key: 'errors',
    dir: 'desc'
  })
  const paged = usePaged<AgencySummary, Page<AgencySummary>>(
    page => api.listAgencies({ filter, sort, page }),
    p => ({ items: p.items, total: p.total }),
    [filter, dataVersion, sort.key, sort.dir]
  )
  const { scrollRef, count, v, items } = useVirtualRows(paged, ROW_H, 10)

  const done = (message: string): void => {
    setDialog(null)
    setError(null)
    setNotice(message)
    bump()
  }
  const act: RowActions = {
    saving,
    setLevel: (a: AgencySummary, level: AgencyLevel) => {
      setSaving(a.key)
      void api.setAgencyLevel({ key: a.key, level }).then(r => {
        setSaving(null)
        if (!r.ok) return setError(r.error)
        done(`已将“${a.name}”的层级改为“${levelName(level)}”，其报告已按新层级重新检查。`)
      })
    },
    merge: a => setDialog({ kind: 'merge', agency: a }),
    showNames: a => setDialog({ kind: 'names', agency: a })
  }

  const clickSort = (key: AgencySortKey): void =>
    setSort(s =>
      s.key === key
        ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { key, dir: key === 'name' || key === 'level' ? 'asc' : 'desc' }
    )

  return (
    <section className="panel agencies" aria-labelledby="agencies-title">
      <div className="panel-head">
        <h2 id="agencies-title">
          单位列表{paged.total !== null ? `（${num(paged.total)} 个）` : ''}
        </h2>
        <span className="muted">
          点击列标题排序；点击单位打开其最新报告。层级可直接修改（蓝色为手动设定）；同一单位的不同名称可“合并到…”。
        </span>
      </div>
      {notice && (
        <div className="agencies-notice" role="status">
          <span>✓ {notice}</span>
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            知道了
          </button>
        </div>
      )}
      {error && (
        <div className="agencies-notice agencies-error" role="alert">
          <span>操作失败：{error.message}</span>
          <button type="button" className="link-button" onClick={() => setError(null)}>
            关闭
          </button>
        </div>
      )}
      <RegionStrip />
      <FirstPage paged={paged} what="单位" />
      {paged.total === 0 && (
        <NoResults
          filter={filter}
          what="单位"
          none="还没有单位"
          start="请先在“总览”中添加收集年报的文件夹。"
        />
      )}
      {count > 0 && (
        <div className="vtable" role="table" aria-rowcount={count + 1} data-testid="agency-table">
          <div className="vtable-head" role="row" style={{ gridTemplateColumns: COLS }}>
            {HEADERS.map(h => {
              const on = h.key !== null && sort.key === h.key
              return (
                <span
                  key={h.label}
                  role="columnheader"
                  className={h.num ? 'num' : undefined}
                  aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {h.key === null ? (
                    h.label
                  ) : (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => h.key && clickSort(h.key)}
                    >
                      {h.label}
                      <span className="sort-mark" aria-hidden>
                        {on ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  )}
                </span>
              )
            })}
          </div>
          <div ref={scrollRef} className="vtable-scroll">
            <div style={{ height: v.getTotalSize(), position: 'relative' }}>
              {items.map(it => {
                const a = paged.row(it.index)
                return (
                  <div
                    key={it.key}
                    role="row"
                    aria-rowindex={it.index + 2}
                    className={`vtable-row${it.index % 2 ? ' odd' : ''}`}
                    style={{
                      transform: `translateY(${it.start}px)`,
                      height: ROW_H,
                      gridTemplateColumns: COLS
                    }}
                  >
                    {a ? <AgencyCells a={a} act={act} /> : <span className="muted">加载中…</span>}
                  </div>
                )
              })}
            </div>
          </div>
        </div>
      )}
      {dialog?.kind === 'merge' && (
        <MergeDialog agency={dialog.agency} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === 'names' && (
        <AliasesDialog agency={dialog.agency} onClose={() => setDialog(null)} onDone={done} />
      )}
    </section>
  )
}
