/**
 * How each watched folder notices new files. A network share (\\server\share) sends no change
 * events, so it must be polled; 'auto' decides by the path. Adding and removing folders stays on
 * 总览 (监控文件夹): this only changes the mode, by re-adding the folder with it (the core restarts
 * that folder's watcher when the mode differs).
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ApiError, PollingMode, WatchedFolderStatus } from '../../../../shared/api'
import { api } from '../../api'
import { useAppState } from '../../lib/app-state'
import { navigate } from '../../lib/route'

const MODE_NAMES: Record<PollingMode, string> = {
  auto: '自动（网络路径轮询）',
  on: '始终轮询',
  off: '不轮询（系统通知）'
}
const MODES: readonly PollingMode[] = ['auto', 'on', 'off']

export function FolderPolling(): ReactNode {
  const { watch } = useAppState()
  // The Api's answer is shown at once; the next watch update from the core replaces it.
  const [answer, setAnswer] = useState<WatchedFolderStatus[] | null>(null)
  const [error, setError] = useState<{ path: string; error: ApiError } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  useEffect(() => setAnswer(null), [watch])
  const folders = answer ?? watch?.folders ?? []

  const change = async (path: string, polling: PollingMode): Promise<void> => {
    setBusy(path)
    const r = await api.addWatchedFolder({ path, polling })
    setBusy(null)
    if (r.ok) {
      setError(null)
      setAnswer(r.value.folders)
    } else setError({ path, error: r.error })
  }

  const toOverview = (
    <button type="button" className="link-button" onClick={() => navigate({ screen: 'overview' })}>
      总览 → 监控文件夹
    </button>
  )
  return (
    <section className="panel settings-section" aria-labelledby="polling-title">
      <div className="panel-head">
        <h2 id="polling-title">文件夹监控方式</h2>
      </div>
      <p className="settings-hint muted">
        网络共享文件夹（如 \\服务器\共享）收不到系统的文件变更通知，需要定期轮询才能发现新报告。
        “自动”对网络路径轮询，本地文件夹使用系统通知。添加或移除文件夹请到{toOverview}。
      </p>
      {folders.length === 0 ? (
        <p className="muted">尚未添加监控文件夹。</p>
      ) : (
        <ul className="polling-list">
          {folders.map(f => (
            <li key={f.path}>
              <span className="folder-path" title={f.path}>
                {f.path}
              </span>
              <select
                aria-label={`监控方式：${f.path}`}
                value={f.polling}
                disabled={busy === f.path}
                onChange={e => void change(f.path, e.target.value as PollingMode)}
              >
                {MODES.map(m => (
                  <option key={m} value={m}>
                    {MODE_NAMES[m]}
                  </option>
                ))}
              </select>
              <span className="muted polling-now">
                {busy === f.path ? '正在切换…' : `当前：${f.usingPolling ? '轮询' : '系统通知'}`}
              </span>
              {error?.path === f.path && (
                <span className="inline-error" role="alert">
                  {error.error.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
