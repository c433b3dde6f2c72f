/** Which report is open, its status, previous/next in the filtered list, and its other years. */
import type { ReactNode } from 'react'
import type { Adjacent, ReportDetail } from '../../../../shared/api'
import { Counts, StatusLabel } from '../../components/status'
import { levelName } from '../../lib/format'
import { navigate } from '../../lib/route'
import { SourceFile } from './source-file'

interface Props {
  detail: ReportDetail
  adjacent: Adjacent | null
  onGo: (id: number | null) => void
}

export function ReportHeader({ detail, adjacent, onGo }: Props): ReactNode {
  const s = detail.summary
  // The core lists the agency's other reports; the open one joins them so the chips read as years.
  const siblings = [
    ...detail.siblings,
    { id: s.id, year: s.year, file: s.file, status: s.status }
  ].sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || a.id - b.id)
  return (
    <div className="report-header">
      <div className="report-title">
        <h2 data-testid="report-title">
          {s.agency ?? detail.parsedAgency ?? '（未识别单位）'} ·{' '}
          {s.year !== null ? `${s.year}年` : '年度未知'}
        </h2>
        <StatusLabel status={s.reportStatus} />
        <Counts errors={s.findings.error} warnings={s.findings.warning} />
        <span className="muted report-file" title={`${s.root}/${s.file}`}>
          {levelName(s.level)} · {s.file} · {s.template ? `${s.template}年格式` : '非模板格式'}
          {s.status === 'removed' ? ' · 文件已删除' : ''}
          {s.superseded ? ' · 同年有另一份报告' : ''}
        </span>
        <SourceFile reportId={s.id} removed={s.status === 'removed'} />
      </div>
      <div className="report-nav">
        {siblings.length > 1 && (
          <span className="siblings" role="group" aria-label="该单位其他年度">
            {siblings.map(r => (
              <button
                key={r.id}
                type="button"
                className={`chip${r.id === s.id ? ' chip-on' : ''}`}
                aria-current={r.id === s.id}
                onClick={() => navigate({ screen: 'review', reportId: r.id, finding: null })}
              >
                {r.year ?? '?'}
              </button>
            ))}
          </span>
        )}
        <button
          type="button"
          disabled={!adjacent || adjacent.prev === null}
          onClick={() => onGo(adjacent?.prev ?? null)}
          title="上一份报告（P）"
        >
          ‹ 上一份
        </button>
        <span className="muted nav-pos">
          {adjacent && adjacent.index >= 0
            ? `${adjacent.index + 1} / ${adjacent.total}`
            : adjacent
              ? '不在筛选结果中'
              : ''}
        </span>
        <button
          type="button"
          disabled={!adjacent || adjacent.next === null}
          onClick={() => onGo(adjacent?.next ?? null)}
          title="下一份报告（N）"
        >
          下一份 ›
        </button>
      </div>
    </div>
  )
}
