/**
 * 复制整改意见: the open report's findings as rectification-notice text (shared/notice.ts), put on
 * the clipboard for pasting into the 整改通知 the supervisor sends the agency.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ReportDetail } from '../../../../shared/api'
import { rectificationNotice } from '../../../../shared/notice'
import { officeDates } from '../../../../shared/ranking'
import { api } from '../../api'

/** The async clipboard first; the old copy command where it is refused (no focus, no permission). */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    try {
      return document.execCommand('copy')
    } finally {
      area.remove()
    }
  }
}

export function CopyNotice({ detail }: { detail: ReportDetail }): ReactNode {
  const [done, setDone] = useState<{ ok: boolean; count: number } | null>(null)
  useEffect(() => {
    if (!done) return
    const t = setTimeout(() => setDone(null), 2500)
    return () => clearTimeout(t)
  }, [done])
  const copy = async (): Promise<void> => {
    // Signed as the exported document is: 设置 › 单位信息 (unsigned if the settings cannot be read).
    const st = await api.getSettings()
    const office = st.ok
      ? { issuer: st.value.office.issuer, ...officeDates(st.value.office, new Date()) }
      : undefined
    const notice = rectificationNotice(detail, office)
    setDone({ ok: await writeClipboard(notice.text), count: notice.count })
  }
  // The button says what happened for a moment, in place: the pane's title bar has no room for more.
  return (
    <span className="copy-notice" aria-live="polite">
      <button
        type="button"
        className={done && !done.ok ? 'copy-failed' : undefined}
        data-testid="copy-notice"
        title="把未忽略的问题整理成整改意见（含所在表格、行列和审查备注，末尾署发文单位、日期和整改期限），复制到剪贴板，可粘贴到整改通知中"
        onClick={() => void copy()}
      >
        {done ? (done.ok ? `已复制 ${done.count} 条` : '无法写入剪贴板') : '复制整改意见'}
      </button>
    </span>
  )
}
