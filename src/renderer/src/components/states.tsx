/** Empty, loading and error states in plain Chinese: the user always learns what to do next. */
import type { ReactNode } from 'react'
import type { ApiError, ReportFilter } from '../../../shared/api'

export function EmptyState({
  title,
  hint,
  children
}: {
  title: string
  hint?: string
  children?: ReactNode
}): ReactNode {
  return (
    <div className="state state-empty" role="status">
      <div className="state-title">{title}</div>
      {hint && <div className="state-hint">{hint}</div>}
      {children}
    </div>
  )
}

function hintFor(e: ApiError): string {
  switch (e.code) {
    case 'NOT_FOUND':
      return '该记录可能已被删除或重新导入，请返回总览重新选择。'
    case 'FOLDER_UNAVAILABLE':
      return '请检查文件夹是否存在、网络共享是否已连接。'
    case 'PATH_NOT_ALLOWED':
      return '只能访问已监控文件夹中的文件。'
    case 'DB_ERROR':
    case 'IO_ERROR':
    case 'INTERNAL':
      return '请稍后重试；如果问题持续，请重启程序。'
    case 'BUSY':
      return '请等待当前操作完成。'
    case 'TOO_LARGE':
      return '请先按年度、单位或规则筛选，再分批操作。'
    default:
      return ''
  }
}

export function ErrorState({
  error,
  onRetry
}: {
  error: ApiError
  onRetry?: () => void
}): ReactNode {
  const hint = hintFor(error)
  return (
    <div className="state state-error" role="alert">
      <div className="state-title">出错了：{error.message}</div>
      {hint && <div className="state-hint">{hint}</div>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  )
}

export function Loading({ what = '数据' }: { what?: string }): ReactNode {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      正在加载{what}…
    </div>
  )
}

/**
 * A list with nothing to show: whether the filters hide everything (and how to undo that) or there
 * is nothing yet (`none`, and where to start).
 */
export function NoResults({
  filter,
  what,
  none,
  start
}: {
  filter: ReportFilter
  what: string
  none: string
  start: string
}): ReactNode {
  const filtered = Object.keys(filter).length > 0
  return (
    <EmptyState
      title={filtered ? `没有符合筛选条件的${what}` : none}
      hint={filtered ? '请放宽或清除筛选条件。' : start}
    />
  )
}

/** A paged list before its first page: the error with a retry, or that it is loading. */
export function FirstPage({
  paged,
  what
}: {
  paged: { total: number | null; error: ApiError | null; reload: () => void }
  what: string
}): ReactNode {
  if (paged.total !== null) return null
  return paged.error ? (
    <ErrorState error={paged.error} onRetry={paged.reload} />
  ) : (
    <Loading what={what} />
  )
}
