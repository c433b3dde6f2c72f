/**
 * 打开原文件 / 在文件夹中显示: the report as it was published (its layout, seal and pictures), which
 * the review screen's text cannot show. The desktop app opens it in the system's program; a browser
 * downloads it. Only the desktop app can show it in the file manager.
 */
import { useState, type ReactNode } from 'react'
import type { ApiError } from '../../../../shared/api'
import { api } from '../../api'
import { download } from '../../lib/download'
import { useDesktop } from '../../lib/desktop'

export function SourceFile({
  reportId,
  removed
}: {
  reportId: number
  removed: boolean
}): ReactNode {
  const desktop = useDesktop()
  const [error, setError] = useState<ApiError | null>(null)
  const open = async (): Promise<void> => {
    setError(null)
    const r = await api.openFile({ reportId })
    if (!r.ok) return setError(r.error)
    if (r.value.downloadUrl) download(r.value.downloadUrl, '')
  }
  const reveal = async (): Promise<void> => {
    setError(null)
    const r = await api.revealFile({ reportId })
    if (!r.ok) setError(r.error)
  }
  if (removed) return null
  return (
    <span className="source-file">
      <button
        type="button"
        className="small"
        data-testid="open-file"
        onClick={() => void open()}
        title={desktop ? '用系统默认程序打开报告原文件' : '下载报告原文件'}
      >
        打开原文件
      </button>
      {desktop && (
        <button
          type="button"
          className="small"
          onClick={() => void reveal()}
          title="在文件管理器中显示报告原文件"
        >
          在文件夹中显示
        </button>
      )}
      {error && (
        <span className="inline-error" role="status">
          {error.message}
        </span>
      )}
    </span>
  )
}
