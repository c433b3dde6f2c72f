/**
 * Export the filtered reports and findings as an Excel workbook. In Electron the user picks where
 * to save; over HTTP the core writes into its exports folder and the browser downloads it.
 */
import { useState, type ReactNode } from 'react'
import type { ApiError } from '../../../shared/api'
import { api } from '../api'
import { useAppState } from '../lib/app-state'

function today(): string {
  const d = new Date()
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`
}

export function ExportButton(): ReactNode {
  const { filter } = useAppState()
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null)
  const [unavailable, setUnavailable] = useState(false)

  const report = (e: ApiError): void => {
    if (e.code === 'NOT_AVAILABLE') setUnavailable(true)
    setMsg({ text: e.message, error: true })
  }

  const run = async (): Promise<void> => {
    setBusy(true)
    setMsg(null)
    try {
      const picked = await api.pickExportPath({ defaultName: `年报审查结果-${today()}.xlsx` })
      let path: string | undefined
      if (picked.ok) {
        if (picked.value === null) return // cancelled
        path = picked.value
      } else if (picked.error.code !== 'NOT_AVAILABLE') {
        report(picked.error)
        return
      }
      const r = await api.exportXlsx(path === undefined ? { filter } : { filter, path })
      if (!r.ok) {
        report(r.error)
        return
      }
      if (r.value.downloadUrl) {
        const a = document.createElement('a')
        a.href = r.value.downloadUrl
        a.download = r.value.path.split(/[\\/]/).pop() ?? 'export.xlsx'
        a.click()
      }
      setMsg({ text: `已导出 ${r.value.reports} 份报告、${r.value.findings} 条问题`, error: false })
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="export">
      <button
        type="button"
        className="primary"
        disabled={busy || unavailable}
        title={unavailable ? '导出功能尚未就绪' : '按当前筛选条件导出 Excel 工作簿'}
        onClick={() => void run()}
      >
        {busy ? '正在导出…' : '导出 Excel'}
      </button>
      {msg && (
        <span className={msg.error ? 'export-msg inline-error' : 'export-msg'} role="status">
          {msg.text}
        </span>
      )}
    </span>
  )
}
