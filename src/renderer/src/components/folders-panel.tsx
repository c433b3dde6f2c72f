/**
 * The watched folders: state of each, files known, and adding/removing/rescanning. Over HTTP there
 * is no native folder dialog (NOT_AVAILABLE), so the path is typed instead.
 */
import { useState, type ReactNode } from 'react'
import type { ApiError, FolderState, Result, WatchStatus } from '../../../shared/api'
import { api } from '../api'
import { useAppState } from '../lib/app-state'
import { dateTime } from '../lib/format'
import { IngestProgress } from './ingest-progress'

const FOLDER_STATE_NAMES: Record<FolderState, string> = {
  scanning: '正在扫描',
  watching: '监控中',
  unavailable: '无法访问',
  stopped: '已停止'
}

export function FoldersPanel(): ReactNode {
  const { watch, bump } = useAppState()
  const [typing, setTyping] = useState(false)
  const [path, setPath] = useState('')
  const [error, setError] = useState<ApiError | null>(null)

  const after = (r: Result<WatchStatus>): void => {
    if (r.ok) {
      setError(null)
      bump()
    } else setError(r.error)
  }
  const add = async (): Promise<void> => {
    const picked = await api.pickFolder()
    if (picked.ok) {
      if (picked.value !== null) after(await api.addWatchedFolder({ path: picked.value }))
      return
    }
    if (picked.error.code === 'NOT_AVAILABLE') setTyping(true)
    else setError(picked.error)
  }
  const submit = async (): Promise<void> => {
    if (path.trim() === '') return
    const r = await api.addWatchedFolder({ path: path.trim() })
    after(r)
    if (r.ok) {
      setTyping(false)
      setPath('')
    }
  }

  const folders = watch?.folders ?? []
  return (
    <section className="panel folders-panel" aria-labelledby="folders-title">
      <div className="panel-head">
        <h2 id="folders-title">监控文件夹</h2>
        <div className="panel-actions">
          <button type="button" onClick={() => void add()}>
            添加文件夹
          </button>
          {folders.length > 0 && (
            <button type="button" onClick={() => void api.rescan({}).then(after)}>
              重新扫描
            </button>
          )}
        </div>
      </div>
      {typing && (
        <form
          className="folder-form"
          onSubmit={e => {
            e.preventDefault()
            void submit()
          }}
        >
          <input
            aria-label="文件夹路径"
            placeholder={'输入文件夹完整路径，如 D:\\年报\\2024 或 \\\\服务器\\共享'}
            value={path}
            onChange={e => setPath(e.target.value)}
          />
          <button type="submit">添加</button>
          <button type="button" className="link-button" onClick={() => setTyping(false)}>
            取消
          </button>
        </form>
      )}
      {error && (
        <div className="inline-error" role="alert">
          {error.message}
        </div>
      )}
      {folders.length === 0 ? (
        <p className="muted">
          尚未添加监控文件夹。添加收集年报的文件夹后，程序会自动读取其中的报告并持续监控新文件。
        </p>
      ) : (
        <ul className="folder-list">
          {folders.map(f => (
            <li key={f.path} className={`folder folder-${f.state}`}>
              <span className="folder-path" title={f.path}>
                {f.path}
              </span>
              <span className="folder-meta">
                {FOLDER_STATE_NAMES[f.state]} · {f.files} 个文件
                {f.usingPolling ? ' · 轮询' : ''} · 上次扫描 {dateTime(f.lastScanAt)}
              </span>
              {f.error && <span className="inline-error">{f.error}</span>}
              <button
                type="button"
                className="link-button"
                onClick={() => void api.removeWatchedFolder({ path: f.path }).then(after)}
              >
                移除
              </button>
            </li>
          ))}
        </ul>
      )}
      <IngestProgress />
    </section>
  )
}
