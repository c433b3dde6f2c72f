/**
 * A colleague's roster differing from one's own (issue #22): each unit where the two differ, as
 * found when their file was imported (matched by name; a rename by the old name it kept), to keep
 * one's own or take theirs. Nothing of one's roster changes until the user says so.
 */
import { useState, type ReactNode } from 'react'
import type { ApiError, RosterConflict, RosterUnitInput } from '../../../../shared/api'
import { api } from '../../api'
import { useAppState } from '../../lib/app-state'
import { levelName } from '../../lib/format'
import { useResult } from '../../lib/use-result'

const KIND_TEXT: Record<RosterConflict['kind'], string> = {
  add: '同事的名单有此单位，本机没有',
  remove: '本机名单有此单位，同事的没有',
  change: '层级、所属地区、年度或别名不同',
  rename: '单位名称不同（一方改了名）'
}

const TAKE_TEXT: Record<RosterConflict['kind'], string> = {
  add: '加入本机名单',
  remove: '从本机名单删除',
  change: '采用同事的',
  rename: '采用同事的名称'
}

function unitText(u: RosterUnitInput | null): string {
  if (!u) return '（无此单位）'
  const parts = [
    u.name,
    u.level ? levelName(u.level) : '层级未填',
    u.region ?? '未填地区',
    u.startYear !== null || u.endYear !== null
      ? `${u.startYear ?? '…'}–${u.endYear ?? '…'}年`
      : null,
    u.aliases.length ? `别名：${u.aliases.join('、')}` : null
  ]
  return parts.filter(Boolean).join(' · ')
}

export function RosterConflicts(): ReactNode {
  const { dataVersion, bump } = useAppState()
  const conflicts = useResult(() => api.listRosterConflicts(), [dataVersion])
  const [error, setError] = useState<ApiError | null>(null)
  const list = conflicts.value ?? []
  if (list.length === 0 && !error) return null
  const settle = async (id: number, take: 'mine' | 'theirs'): Promise<void> => {
    const r = await api.settleRosterConflict({ id, take })
    if (!r.ok) return setError(r.error)
    setError(null)
    bump()
  }
  return (
    <div className="conflicts" data-testid="roster-conflicts">
      <h3>应报送单位名单的不同之处（{list.length}）</h3>
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
        </div>
      )}
      <ol>
        {list.map(c => (
          <li key={c.id} data-testid="roster-conflict" data-kind={c.kind}>
            <div className="finding-head">
              <strong>{(c.mine ?? c.theirs)!.name}</strong>
              <span className="muted">{KIND_TEXT[c.kind]}</span>
            </div>
            <div className="conflict-sides">
              <div>本机：{unitText(c.mine)}</div>
              <div>
                {c.reviewer || '同事'}：{unitText(c.theirs)}
              </div>
            </div>
            <div className="conflict-actions">
              <button type="button" onClick={() => void settle(c.id, 'mine')}>
                保留本机名单
              </button>
              <button type="button" onClick={() => void settle(c.id, 'theirs')}>
                {TAKE_TEXT[c.kind]}
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}
