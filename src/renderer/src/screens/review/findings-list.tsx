/** The report's findings, in rule order; the selected one shows its evidence and review controls. */
import { useEffect, useRef, type ReactNode } from 'react'
import type { FindingView, ReportDetail, ReviewDecision } from '../../../../shared/api'
import { RULE_GROUP_NAMES } from '../../../../shared/rules'
import { EmptyState } from '../../components/states'
import { SeverityBadge } from '../../components/status'
import { CopyCompare } from './copy-compare'
import { ReviewControls } from './review-controls'

interface Props {
  reportId: number
  findings: FindingView[]
  selectedKey: string | null
  onSelect: (key: string) => void
  onSaved: (key: string, d: ReviewDecision | null) => void
  /** The report itself: a selected Y05 shows its section beside the other unit's. */
  detail?: ReportDetail
}

function where(f: FindingView): string {
  const parts: string[] = []
  if (f.lines && f.lines.length > 0)
    parts.push(`第 ${f.lines.slice(0, 3).join('、')}${f.lines.length > 3 ? '…' : ''} 行`)
  if (f.source === 'years') parts.push('跨年度')
  if (f.source === 'duplicate') parts.push('重复报告')
  return parts.join(' · ')
}

export function FindingsList({
  reportId,
  findings,
  selectedKey,
  onSelect,
  onSaved,
  detail
}: Props): ReactNode {
  const ref = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const el = ref.current?.querySelector('[aria-selected="true"]')
    if (el) el.scrollIntoView({ block: 'nearest' })
  }, [selectedKey])

  if (findings.length === 0)
    return <EmptyState title="未发现问题" hint="这份报告通过了全部检查规则。" />
  return (
    <ol className="findings" ref={ref} role="listbox" aria-label="问题列表" data-testid="findings">
      {findings.map(f => {
        const sel = f.key === selectedKey
        const decided = f.review?.decision
        return (
          <li
            key={f.key}
            role="option"
            aria-selected={sel}
            tabIndex={sel ? 0 : -1}
            data-rule={f.rule}
            data-key={f.key}
            className={`finding sev-border-${f.severity}${sel ? ' finding-on' : ''}${decided === 'dismissed' ? ' finding-dismissed' : ''}`}
            onClick={() => onSelect(f.key)}
            onKeyDown={e => {
              if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
                e.preventDefault()
                onSelect(f.key)
              }
            }}
          >
            <div className="finding-head">
              <SeverityBadge severity={f.severity} />
              <span className="rule-id" title={RULE_GROUP_NAMES[f.ruleGroup]}>
                {f.rule}
              </span>
              <span className="finding-where">{where(f)}</span>
              {decided && (
                <span className={`decision-tag decision-${decided}`}>
                  {decided === 'confirmed' ? '已确认' : '已忽略'}
                </span>
              )}
            </div>
            <div className="finding-msg">{f.message}</div>
            {sel && f.rule === 'Y05' && detail && <CopyCompare detail={detail} finding={f} />}
            {sel && <ReviewControls reportId={reportId} finding={f} onSaved={onSaved} />}
          </li>
        )
      })}
    </ol>
  )
}
