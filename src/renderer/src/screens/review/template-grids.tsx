/**
 * The three statistical tables drawn as the template's grids (labels from src/shared/template.ts),
 * filled with the parsed values. Cells that a finding points at are marked; the selected finding's
 * cells are highlighted and scrolled into view.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import type { FindingView, ReportDetail } from '../../../../shared/api'
import { proactiveItem, type Cell } from '../../../../shared/model'
import {
  APPLICANT_COLUMN_LABELS,
  APPLICANT_COLUMNS,
  applicationRows,
  proactiveItems,
  PROACTIVE_COLUMN_LABELS,
  REVIEW_COLUMN_LABELS,
  REVIEW_COLUMNS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  type ProactiveItemDef,
  type TableKey,
  type TemplateVersion
} from '../../../../shared/template'
import { findingHitsCell, isOpen } from '../../lib/finding-cells'

interface GridProps {
  detail: ReportDetail
  selected: FindingView | null
  onPick: (f: FindingView) => void
}

export function TemplateGrids({ detail, selected, onPick }: GridProps): ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const template: TemplateVersion = detail.summary.template ?? '2021'
  useEffect(() => {
    const el = ref.current?.querySelector('.cell-selected')
    if (el) el.scrollIntoView({ block: 'center', inline: 'nearest' })
  }, [selected])

  const cell = (table: TableKey, row: string, col: string, value: Cell | undefined): ReactNode => {
    const hits = detail.findings.filter(f => findingHitsCell(f, table, row, col))
    const open = hits.filter(isOpen)
    const isSel = selected !== null && hits.some(f => f.key === selected.key)
    const cls = [
      'num',
      'tcell',
      value === null || value === undefined ? 'cell-null' : '',
      open.length > 0
        ? `cell-fault cell-${open.some(f => f.severity === 'error') ? 'error' : 'warning'}`
        : '',
      isSel ? 'cell-selected' : ''
    ].join(' ')
    const first = open[0] ?? hits[0]
    return (
      <td
        key={col}
        className={cls}
        data-cell={`${table}:${row}:${col}`}
        title={hits.map(f => `${f.rule} ${f.message}`).join('\n') || undefined}
        onClick={first ? () => onPick(first) : undefined}
      >
        {value === null || value === undefined ? '空' : String(value)}
      </td>
    )
  }

  return (
    <div className="grids" ref={ref} data-testid="grids">
      <Proactive detail={detail} cell={cell} />
      <Applications detail={detail} template={template} cell={cell} />
      <ReviewLitigationGrid detail={detail} cell={cell} />
    </div>
  )
}

type CellFn = (table: TableKey, row: string, col: string, value: Cell | undefined) => ReactNode

function Missing({ title }: { title: string }): ReactNode {
  return (
    <section className="grid-block">
      <h3>{title}</h3>
      <p className="muted">未能在报告中识别出此表。</p>
    </section>
  )
}

function Proactive({ detail, cell }: { detail: ReportDetail; cell: CellFn }): ReactNode {
  const title = '二、主动公开政府信息情况'
  const p = detail.tables.proactive
  if (!p) return <Missing title={title} />
  // Consecutive items with the same columns share one header, as in the template. The table's
  // own form picks the items (the report's template is the same whenever the table was found).
  const blocks: ProactiveItemDef[][] = []
  for (const def of proactiveItems(p.form)) {
    const prev = blocks[blocks.length - 1]
    if (prev && prev[0] && prev[0].columns.join() === def.columns.join() && def.key !== 'fees')
      prev.push(def)
    else blocks.push([def])
  }
  const colLabel = (def: ProactiveItemDef, c: string): string =>
    c === '' && def.key === 'fees' ? '本年收费金额（万元）' : (PROACTIVE_COLUMN_LABELS[c] ?? c)
  return (
    <section className="grid-block">
      <h3>{title}</h3>
      {blocks.map(b => {
        const head = b[0]
        if (!head) return null
        const cols = head.columns.length === 0 ? [''] : [...head.columns]
        return (
          <table key={head.key} className="tgrid">
            <thead>
              <tr>
                <th scope="col">信息内容</th>
                {cols.map(c => (
                  <th key={c} scope="col">
                    {colLabel(head, c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.map(def => {
                const v = proactiveItem(p, def.key)
                return (
                  <tr key={def.key}>
                    <th scope="row">{def.label}</th>
                    {cols.map(c => {
                      const value =
                        c === ''
                          ? typeof v === 'number' || v === null
                            ? v
                            : undefined
                          : v && typeof v === 'object'
                            ? (v[c] ?? null)
                            : undefined
                      return cell('proactive', def.key, c, value)
                    })}
                  </tr>
                )
              })}
            </tbody>
          </table>
        )
      })}
    </section>
  )
}

function Applications({
  detail,
  template,
  cell
}: {
  detail: ReportDetail
  template: TemplateVersion
  cell: CellFn
}): ReactNode {
  const title = '三、收到和处理政府信息公开申请情况'
  const apps = detail.tables.applications
  if (!apps) return <Missing title={title} />
  const orgCols = APPLICANT_COLUMNS.filter(c => c !== 'natural' && c !== 'total')
  return (
    <section className="grid-block">
      <h3>{title}</h3>
      <table className="tgrid tgrid-apps">
        <thead>
          <tr>
            <th rowSpan={2} scope="col" className="label-col">
              本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和
            </th>
            <th colSpan={7} scope="colgroup">
              申请人情况
            </th>
          </tr>
          <tr>
            <th scope="col">{APPLICANT_COLUMN_LABELS.natural}</th>
            {orgCols.map(c => (
              <th key={c} scope="col" title="法人或其他组织">
                {APPLICANT_COLUMN_LABELS[c]}
              </th>
            ))}
            <th scope="col">{APPLICANT_COLUMN_LABELS.total}</th>
          </tr>
        </thead>
        <tbody>
          {applicationRows(template).flatMap(def => {
            const out: ReactNode[] = []
            if (def.group)
              out.push(
                <tr key={`g-${def.key}`} className="group-row">
                  <th colSpan={8} scope="rowgroup">
                    {def.group}
                  </th>
                </tr>
              )
            const row = apps[def.key]
            const indent = def.key.includes('.')
            out.push(
              <tr key={def.key}>
                <th scope="row" className={indent ? 'indent' : undefined}>
                  {def.label}
                </th>
                {APPLICANT_COLUMNS.map(c =>
                  cell('applications', def.key, c, row ? row[c] : undefined)
                )}
              </tr>
            )
            return out
          })}
        </tbody>
      </table>
    </section>
  )
}

function ReviewLitigationGrid({ detail, cell }: { detail: ReportDetail; cell: CellFn }): ReactNode {
  const title = '四、政府信息公开行政复议、行政诉讼情况'
  const rl = detail.tables.reviewLitigation
  if (!rl) return <Missing title={title} />
  return (
    <section className="grid-block">
      <h3>{title}</h3>
      <table className="tgrid">
        <thead>
          <tr>
            <th scope="col" />
            {REVIEW_COLUMNS.map(c => (
              <th key={c} scope="col">
                {REVIEW_COLUMN_LABELS[c]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {REVIEW_GROUPS.map(g => (
            <tr key={g}>
              <th scope="row">{REVIEW_GROUP_LABELS[g]}</th>
              {REVIEW_COLUMNS.map(c => cell('reviewLitigation', g, c, rl[g][c]))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
