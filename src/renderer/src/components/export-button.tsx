/**
 * Export the filtered reports: as an Excel workbook (reports, findings, tables) or as the
 * rectification notices in a Word document (整改意见, one per report with open findings). In
 * Electron the user picks where to save; over HTTP the core writes into its exports folder and the
 * browser downloads it.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ApiError, ExportArgs, ExportKind, ExportResult } from '../../../shared/api'
import { countText } from '../../../shared/counts'
import { api } from '../api'
import { download } from '../lib/download'
import { useAppState } from '../lib/app-state'

function today(): string {
  const d = new Date()
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`
}

const KINDS = {
  xlsx: {
    label: '导出 Excel',
    busy: '正在导出…',
    file: '年报审查结果',
    title: '按当前筛选条件导出 Excel 工作簿',
    // Counted as 总览 counts them: reports with their duplicates said, files that are not reports apart.
    done: (r: ExportResult) =>
      r.counted
        ? `已导出${countText(r.counted)}、${r.findings} 条问题`
        : `已导出 ${r.reports} 份报告、${r.findings} 条问题`,
    call: (a: ExportArgs) => api.exportXlsx(a)
  },
  docx: {
    label: '导出整改意见',
    busy: '正在生成…',
    file: '整改意见',
    title:
      '按当前筛选条件，为每份有问题的报告生成一份整改意见（Word 文档，每份一页起，已忽略的问题不列入）',
    done: (r: ExportResult) => `已生成 ${r.reports} 份整改意见、${r.findings} 条问题`,
    call: (a: ExportArgs) => api.exportNotices(a)
  }
} satisfies Record<ExportKind, unknown>

export function ExportButton({ kind }: { kind: ExportKind }): ReactNode {
  const k = KINDS[kind]
  const { filter } = useAppState()
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null)
  const [unavailable, setUnavailable] = useState(false)
  // The core's export-progress events while this button's export runs (one export at a time):
  // 100,000 reports take half a minute.
  const [percent, setPercent] = useState<number | null>(null)
  useEffect(() => {
    if (!busy) return
    const off = api.onEvent(e => {
      if (e.type === 'export-progress' && e.total > 0)
        setPercent(Math.floor((e.done * 100) / e.total))
    })
    return () => {
      off()
      setPercent(null)
    }
  }, [busy])

  const report = (e: ApiError): void => {
    if (e.code === 'NOT_AVAILABLE') setUnavailable(true)
    setMsg({ text: e.message, error: true })
  }

  const run = async (): Promise<void> => {
    setBusy(true)
    setMsg(null)
    try {
      const picked = await api.pickExportPath({ defaultName: `${k.file}-${today()}.${kind}`, kind })
      let path: string | undefined
      if (picked.ok) {
        if (picked.value === null) return // cancelled
        path = picked.value
      } else if (picked.error.code !== 'NOT_AVAILABLE') {
        report(picked.error)
        return
      }
      const r = await k.call(path === undefined ? { filter } : { filter, path })
      if (!r.ok) {
        report(r.error)
        return
      }
      if (r.value.downloadUrl)
        download(r.value.downloadUrl, r.value.path.split(/[\\/]/).pop() ?? `export.${kind}`)
      setMsg({ text: k.done(r.value), error: false })
    } finally {
      setBusy(false)
    }
  }

  return (
    <span className="export">
      <button
        type="button"
        className={kind === 'xlsx' ? 'primary' : undefined}
        data-testid={`export-${kind}`}
        disabled={busy || unavailable}
        title={unavailable ? '导出功能尚未就绪' : k.title}
        onClick={() => void run()}
      >
        {busy ? `${k.busy}${percent === null ? '' : ` ${percent}%`}` : k.label}
      </button>
      {msg && (
        <span
          className={msg.error ? 'export-msg inline-error' : 'export-msg'}
          role="status"
          title={msg.text}
        >
          {msg.text}
        </span>
      )}
    </span>
  )
}
