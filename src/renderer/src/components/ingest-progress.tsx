/** The ingest progress bar: how far the queue is, and which file is being read. */
import type { ReactNode } from 'react'
import { useAppState } from '../lib/app-state'

export function IngestProgress({ compact = false }: { compact?: boolean }): ReactNode {
  const { progress, watch } = useAppState()
  if (!progress) return null
  // Nothing watched yet: "导入完成，正在监控文件夹" (and 监控中) said what was not so (issue #22).
  if (watch && watch.folders.length === 0 && progress.idle) {
    return (
      <span className="ingest-idle ingest-none" data-testid="ingest-none">
        未监控文件夹
      </span>
    )
  }
  const busy = !progress.idle && progress.total > 0
  const pct =
    progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100
  const label = busy ? `正在导入 ${progress.done} / ${progress.total}` : '导入完成，正在监控文件夹'
  if (compact && !busy) return <span className="ingest-idle">● 监控中</span>
  return (
    <div className={`ingest${compact ? ' ingest-compact' : ''}`}>
      <div
        className="progress"
        role="progressbar"
        aria-label="导入进度"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="ingest-label">{label}</span>
      {!compact && busy && progress.current && (
        <span className="ingest-current" title={progress.current}>
          {progress.current}
        </span>
      )}
      {busy && progress.ocr && (
        <span className="ingest-ocr" data-testid="ingest-ocr">
          文字识别第 {progress.ocr.page} / {progress.ocr.pages} 页
        </span>
      )}
    </div>
  )
}
