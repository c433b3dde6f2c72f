/**
 * 报告审阅: findings beside the source text and the template grids. Selecting a finding highlights
 * its lines and cells; decisions are saved at once. J/K move between findings, N/P between the
 * reports matching the filters (in agency order), C/X confirm or dismiss the selected finding.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ReportDetail, ReportSortKey, ReviewDecision, SortDir } from '../../../../shared/api'
import { api } from '../../api'
import { ErrorState, Loading, NoResults } from '../../components/states'
import { useAppState } from '../../lib/app-state'
import { evidenceLines, isOpen } from '../../lib/finding-cells'
import { navigate, parseRoute } from '../../lib/route'
import { useResult } from '../../lib/use-result'
import { CopyNotice } from './copy-notice'
import { FindingsList } from './findings-list'
import { OcrPanel } from './ocr-panel'
import { ReportHeader } from './report-header'
import { ResolvedReviews } from './resolved-reviews'
import { ReviewHistory } from './review-history'
import { SourceFind, useSourceFind } from './source-find'
import { SourceView } from './source-view'
import { TemplateGrids } from './template-grids'

const NO_LINES: string[] = []

export const REVIEW_SORT: { key: ReportSortKey; dir: SortDir } = { key: 'agency', dir: 'asc' }

export function ReviewScreen({
  reportId,
  findingKey
}: {
  reportId: number | null
  findingKey: string | null
}): ReactNode {
  const { filter, dataVersion } = useAppState()

  // No report chosen: open the first report matching the filters.
  const first = useResult(
    () =>
      reportId === null
        ? api.listReports({ filter, sort: REVIEW_SORT, page: { offset: 0, limit: 1 } })
        : Promise.resolve({ ok: true as const, value: null }),
    [reportId === null, filter, dataVersion]
  )
  useEffect(() => {
    const id = first.value?.items[0]?.id
    if (reportId === null && id !== undefined)
      navigate({ screen: 'review', reportId: id, finding: null }, true)
  }, [first.value, reportId])

  if (reportId === null) {
    if (first.error) return <ErrorState error={first.error} onRetry={first.reload} />
    if (first.value && first.value.total === 0)
      return (
        <NoResults
          filter={filter}
          what="报告"
          none="还没有报告"
          start="请先在“总览”中添加收集年报的文件夹。"
        />
      )
    return <Loading what="报告" />
  }
  return (
    <ReportReview
      key={reportId}
      reportId={reportId}
      findingKey={findingKey}
      dataVersion={dataVersion}
    />
  )
}

function ReportReview({
  reportId,
  findingKey,
  dataVersion
}: {
  reportId: number
  findingKey: string | null
  dataVersion: number
}): ReactNode {
  const { filter, bump } = useAppState()
  const rep = useResult(() => api.getReport({ id: reportId }), [reportId, dataVersion])
  const adj = useResult(
    () => api.getAdjacentReports({ id: reportId, filter, sort: REVIEW_SORT }),
    [reportId, filter, dataVersion]
  )
  // Decisions saved in this session, laid over the loaded report until it is refetched.
  const [saved, setSaved] = useState<Record<string, ReviewDecision | null>>({})
  useEffect(() => setSaved({}), [rep.value])
  // What the last C/X did, said on screen (a key press must never change a decision silently).
  const [keyStatus, setKeyStatus] = useState<string | null>(null)
  const [savedCount, setSavedCount] = useState(0)
  useEffect(() => setKeyStatus(null), [findingKey])

  // The file changed on disk and was read again into a new report (new id), or an old link was
  // followed: the core answers with the file's current report; the address follows it (issue #22).
  const currentId = rep.value?.summary.id
  useEffect(() => {
    if (currentId !== undefined && currentId !== reportId) {
      const r = parseRoute(window.location.hash)
      if (r.screen === 'review' && r.reportId === reportId)
        navigate({ screen: 'review', reportId: currentId, finding: r.finding }, true)
    }
  }, [currentId, reportId])

  // The filter changed while this report is open and it no longer matches: go to the first report
  // that does, rather than sit at 不在筛选结果中 with N/P dead (issue #22). Asked for here, with the
  // new filter, so a neighbour list still loading for the old one cannot answer.
  const lastFilter = useRef(filter)
  useEffect(() => {
    if (lastFilter.current === filter) return
    lastFilter.current = filter
    void api.getAdjacentReports({ id: reportId, filter, sort: REVIEW_SORT }).then(r => {
      // A later filter change asks again; this answer is for a filter no longer set.
      if (lastFilter.current !== filter || !r.ok || r.value.index >= 0 || r.value.next === null)
        return
      const here = parseRoute(window.location.hash)
      if (here.screen === 'review' && here.reportId === reportId)
        navigate({ screen: 'review', reportId: r.value.next, finding: null }, true)
    })
  }, [filter, reportId])

  const detail: ReportDetail | null = useMemo(() => {
    if (!rep.value) return null
    if (Object.keys(saved).length === 0) return rep.value
    return {
      ...rep.value,
      findings: rep.value.findings.map(f =>
        f.key in saved ? { ...f, review: saved[f.key] ?? null } : f
      )
    }
  }, [rep.value, saved])

  const findings = detail?.findings ?? []
  const selected = findings.find(f => f.key === findingKey) ?? null
  // Only while the address still names this report: a key press (N/P) may already have moved
  // on, and replacing the address here would pull the user back.
  const select = useCallback(
    (key: string | null) => {
      const r = parseRoute(window.location.hash)
      if (r.screen !== 'review' || r.reportId !== reportId) return
      navigate({ screen: 'review', reportId, finding: key }, true)
    },
    [reportId]
  )
  // Select the first finding once loaded, so the evidence is on screen at once.
  useEffect(() => {
    if (detail && selected === null && findings[0]) select(findings[0].key)
  }, [detail, selected, findings, select])

  const onSaved = useCallback(
    (key: string, d: ReviewDecision | null) => {
      setSaved(s => ({ ...s, [key]: d }))
      setSavedCount(n => n + 1)
      bump()
    },
    [bump]
  )

  const go = useCallback((id: number | null) => {
    if (id !== null) navigate({ screen: 'review', reportId: id, finding: null })
  }, [])
  // N/P right after arriving may come before the neighbours have loaded: ask for them then.
  const step = useCallback(
    async (dir: 'prev' | 'next') => {
      if (adj.value) return go(adj.value[dir])
      const r = await api.getAdjacentReports({ id: reportId, filter, sort: REVIEW_SORT })
      if (r.ok) go(r.value[dir])
    },
    [adj.value, go, reportId, filter]
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const t = e.target as HTMLElement | null
      if (
        t &&
        (t.tagName === 'INPUT' ||
          t.tagName === 'TEXTAREA' ||
          t.tagName === 'SELECT' ||
          t.isContentEditable)
      )
        return
      if (e.ctrlKey || e.metaKey || e.altKey) return
      const i = selected ? findings.indexOf(selected) : -1
      const k = e.key.toLowerCase()
      if (k === 'j' || (k === 'arrowdown' && t?.closest('.findings'))) {
        const f = findings[Math.min(findings.length - 1, i + 1)]
        if (f) select(f.key)
      } else if (k === 'k' || (k === 'arrowup' && t?.closest('.findings'))) {
        const f = findings[Math.max(0, i - 1)]
        if (f) select(f.key)
      } else if (k === 'n') void step('next')
      else if (k === 'p') void step('prev')
      else if ((k === 'c' || k === 'x') && selected) {
        // C confirms, X dismisses; pressed again on a finding already so decided they change
        // nothing and say so (before, a second C withdrew the decision without a word).
        const decision = k === 'c' ? 'confirmed' : 'dismissed'
        const name = (d: string): string => (d === 'confirmed' ? '确认问题' : '忽略')
        const was = selected.review?.decision
        if (was === decision) {
          setKeyStatus(`${selected.rule} 已是“${name(decision)}”，未改动。要撤销请点“撤销决定”。`)
        } else {
          const key = selected.key
          void api
            .setReview({ reportId, key, decision, note: selected.review?.note ?? '' })
            .then(r => {
              if (r.ok) {
                onSaved(key, r.value)
                setKeyStatus(
                  was
                    ? `${selected.rule} 由“${name(was)}”改为“${name(decision)}”。`
                    : `${selected.rule} 已${name(decision) === '忽略' ? '忽略' : '确认'}。`
                )
              } else setKeyStatus(`保存失败：${r.error.message}`)
            })
        }
      } else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [findings, selected, select, step, reportId, onSaved])

  const marked = useMemo(() => {
    const s = new Set<number>()
    if (detail)
      for (const f of detail.findings) if (isOpen(f)) for (const l of f.lines ?? []) s.add(l)
    return s
  }, [detail])
  const highlighted = useMemo(
    () => (selected && detail ? evidenceLines(selected, detail) : []),
    [selected, detail]
  )

  const find = useSourceFind(detail?.lines ?? NO_LINES)

  if (rep.error && !rep.value) return <ErrorState error={rep.error} onRetry={rep.reload} />
  if (!detail) return <Loading what="报告" />
  return (
    <div className="review">
      <ReportHeader detail={detail} adjacent={adj.value} onGo={go} />
      <div className="review-body">
        <section className="pane pane-findings" aria-label="问题">
          <div className="pane-title">
            问题（{findings.filter(isOpen).length}）
            <CopyNotice detail={detail} />
            <span
              className="kbd-hint"
              title="键盘：J/K 上一条/下一条问题，N/P 下一份/上一份报告，C 确认问题，X 忽略，Ctrl+F 在原文中查找"
            >
              J/K · N/P · C/X
            </span>
          </div>
          <FindingsList
            reportId={reportId}
            findings={findings}
            selectedKey={selected?.key ?? null}
            onSelect={select}
            onSaved={onSaved}
            {...(detail ? { detail } : {})}
          />
          {keyStatus && (
            <div className="key-status" role="status" data-testid="key-status">
              {keyStatus}
            </div>
          )}
          <ResolvedReviews detail={detail} onCleared={bump} />
          <ReviewHistory
            reportId={detail.summary.id}
            version={savedCount + dataVersion}
            onPick={select}
          />
        </section>
        <section className="pane pane-source" aria-label="原文">
          <div className="pane-title">
            原文（{detail.lines.length} 行）
            <SourceFind find={find} />
          </div>
          <SourceView
            lines={detail.lines}
            marked={marked}
            highlighted={highlighted}
            selectionKey={selected?.key ?? null}
            find={{
              query: find.query,
              matches: find.matches,
              current: find.matches[find.index] ?? null
            }}
          />
        </section>
        <section className="pane pane-grids" aria-label="统计表">
          <OcrPanel detail={detail} selected={selected} version={dataVersion} onChanged={bump} />
          <div className="pane-title">统计表（按模板）</div>
          <TemplateGrids detail={detail} selected={selected} onPick={f => select(f.key)} />
        </section>
      </div>
    </div>
  )
}
