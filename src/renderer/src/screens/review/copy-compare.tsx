/**
 * A Y05 finding's evidence: this report's section beside the other unit's, the sentences they
 * share marked (shared/copy-marks.ts). The other report is found by the file the finding names
 * and read through the same Api as this one.
 */
import type { ReactNode } from 'react'
import type { FindingView, ReportDetail } from '../../../../shared/api'
import { markShared, type MarkedSentence } from '../../../../shared/copy-marks'
import { SECTION_HEADINGS, type SectionId } from '../../../../shared/template'
import { api } from '../../api'
import { useResult } from '../../lib/use-result'

/** A section's text: from after its heading to its last line. */
function sectionBody(d: Pick<ReportDetail, 'lines' | 'sections'>, id: number): string {
  const s = d.sections.find(x => x.id === id)
  if (!s) return ''
  const first = d.lines[s.line - 1] ?? ''
  const at = s.offset ?? Math.max(0, first.indexOf(s.heading))
  return [first.slice(at + s.heading.length), ...d.lines.slice(s.line, s.endLine)].join('\n').trim()
}

function Passage({ title, marked }: { title: string; marked: MarkedSentence[] }): ReactNode {
  return (
    <div className="copy-passage">
      <div className="copy-title">{title}</div>
      <p className="copy-text">
        {marked.map((m, i) =>
          m.shared ? <mark key={i}>{m.text}</mark> : <span key={i}>{m.text}</span>
        )}
      </p>
    </div>
  )
}

export function CopyCompare({
  detail,
  finding
}: {
  detail: ReportDetail
  finding: FindingView
}): ReactNode {
  const file = typeof finding.expected === 'string' ? finding.expected : ''
  const other = useResult(async () => {
    const page = await api.listReports({ filter: { search: file }, page: { offset: 0, limit: 50 } })
    if (!page.ok) return page
    const hit = page.value.items.find(r => r.file === file)
    if (!hit)
      return {
        ok: false as const,
        error: { code: 'NOT_FOUND' as const, message: `找不到文件：${file}` }
      }
    return api.getReport({ id: hit.id })
  }, [file])
  const section = finding.section ?? 0
  if (!file || !section) return null
  if (other.error)
    return <div className="copy-compare muted">无法打开对照报告：{other.error.message}</div>
  if (!other.value) return <div className="copy-compare muted">正在打开对照报告…</div>
  const o = other.value
  const names = [
    detail.summary.agency ?? '',
    detail.parsedAgency ?? '',
    o.summary.agency ?? '',
    o.parsedAgency ?? ''
  ]
  const m = markShared(sectionBody(detail, section), sectionBody(o, section), names)
  return (
    <div className="copy-compare" data-testid="copy-compare" aria-label="雷同内容对照">
      <div className="copy-head">
        {SECTION_HEADINGS[section as SectionId]}：左为本报告，右为对照报告，相同的句子以底色标出
      </div>
      <div className="copy-columns">
        <Passage title={`本报告（${detail.summary.file}）`} marked={m.own} />
        <Passage
          title={`${o.summary.agency ?? ''} ${o.summary.year ?? ''}年度（${o.summary.file}）`}
          marked={m.other}
        />
      </div>
    </div>
  )
}
