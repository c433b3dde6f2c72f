/**
 * 导出通报 and 导出整改意见 as dialogs: what the document will say about who issues it, to whom and
 * by when (设置 › 单位信息), the year of the 通报, and for the 整改意见 whether only confirmed findings
 * go in. Saving is the same as the workbook's: Electron asks where, over HTTP the browser downloads.
 */
import { useEffect, useState, type ReactNode } from 'react'
import type { ApiError, ExportResult, Result } from '../../../shared/api'
import { api } from '../api'
import { useAppState } from '../lib/app-state'
import { download } from '../lib/download'
import { navigate } from '../lib/route'
import { useResult } from '../lib/use-result'
import { Dialog } from './dialog'

function today(): string {
  const d = new Date()
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}`
}

/** Picks the path (desktop) then runs `call`; null when the user cancelled. */
async function saveAs(
  defaultName: string,
  call: (path: string | undefined) => Promise<Result<ExportResult>>
): Promise<Result<ExportResult> | null> {
  const picked = await api.pickExportPath({ defaultName, kind: 'docx' })
  let path: string | undefined
  if (picked.ok) {
    if (picked.value === null) return null
    path = picked.value
  } else if (picked.error.code !== 'NOT_AVAILABLE') return picked
  const r = await call(path)
  if (r.ok && r.value.downloadUrl)
    download(r.value.downloadUrl, r.value.path.split(/[\\/]/).pop() ?? defaultName)
  return r
}

function OfficeSummary(): ReactNode {
  const st = useResult(() => api.getSettings(), [])
  const o = st.value?.office
  if (!o) return null
  return (
    <dl className="office-summary">
      <dt>发文单位</dt>
      <dd>{o.issuer}</dd>
      <dt>主送</dt>
      <dd>{o.addressee}</dd>
      <dt>整改期限</dt>
      <dd>{o.rectifyBy || '成文日期后 30 天'}</dd>
      <dt>成文日期</dt>
      <dd>{o.issuedOn || '导出当天'}</dd>
      <dd className="office-edit">
        <button
          type="button"
          className="link-button"
          onClick={() => navigate({ screen: 'settings' })}
        >
          在“设置 › 单位信息”中修改
        </button>
      </dd>
    </dl>
  )
}

type Kind = 'bulletin' | 'notices'

function ExportDialog({
  kind,
  year: initial,
  onClose
}: {
  kind: Kind
  year?: number
  onClose: () => void
}): ReactNode {
  const { filter } = useAppState()
  const years = useResult(() => api.getRanking({}), [])
  const [year, setYear] = useState<number | undefined>(initial)
  const [confirmedOnly, setConfirmedOnly] = useState(false)
  const [busy, setBusy] = useState(false)
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null)
  useEffect(() => {
    if (year === undefined && years.value?.year) setYear(years.value.year)
  }, [year, years.value])

  const run = async (): Promise<void> => {
    setBusy(true)
    setMsg(null)
    try {
      const r =
        kind === 'bulletin'
          ? await saveAs(`审查情况通报-${year ?? ''}-${today()}.docx`, path =>
              api.exportBulletin({ ...(year ? { year } : {}), ...(path ? { path } : {}) })
            )
          : await saveAs(`整改意见-${today()}.docx`, path =>
              api.exportNotices({
                filter,
                ...(confirmedOnly ? { confirmedOnly } : {}),
                ...(path ? { path } : {})
              })
            )
      if (r === null) return
      if (!r.ok) return setMsg({ text: (r.error as ApiError).message, error: true })
      setMsg({
        text:
          kind === 'bulletin'
            ? `已生成 ${year} 年度通报：${r.value.reports} 家单位、${r.value.findings} 个问题`
            : `已生成 ${r.value.reports} 份整改意见、${r.value.findings} 条问题`,
        error: false
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      title={kind === 'bulletin' ? '导出审查情况通报' : '导出整改意见'}
      onClose={onClose}
      testId={`${kind}-dialog`}
      className="export-dialog"
      actions={
        <>
          {msg && (
            <span className={msg.error ? 'inline-error dialog-error' : 'save-ok'} role="status">
              {msg.text}
            </span>
          )}
          <button type="button" onClick={onClose}>
            关闭
          </button>
          <button
            type="button"
            className="primary"
            data-autofocus
            data-testid={`${kind}-run`}
            disabled={busy || (kind === 'bulletin' && !year)}
            onClick={() => void run()}
          >
            {busy ? '正在生成…' : '生成 Word 文档'}
          </button>
        </>
      }
    >
      {kind === 'bulletin' ? (
        <>
          <p>
            按公文格式生成《关于{year ?? '20XX'}
            年度政府信息公开工作年度报告审查情况的通报》：报送情况、未报送和逾期单位、
            各类问题及典型例子、问题较多的单位、整改要求，附全部单位的得分和排名。已忽略的问题不列入。
          </p>
          <label className="export-field">
            年度{' '}
            <select value={year ?? ''} onChange={e => setYear(Number(e.target.value))}>
              {(years.value?.years ?? []).map(y => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </>
      ) : (
        <>
          <p>
            按当前筛选条件，为每份有问题的报告生成一份整改意见（每份一页起），末尾署发文单位、日期和整改期限。已忽略的问题不列入。
          </p>
          <label className="export-field">
            <input
              type="checkbox"
              checked={confirmedOnly}
              onChange={e => setConfirmedOnly(e.target.checked)}
            />{' '}
            只列入已确认的问题（未审阅的问题不列入）
          </label>
        </>
      )}
      <OfficeSummary />
    </Dialog>
  )
}

export function BulletinButton({
  year,
  kind = 'bulletin'
}: {
  year?: number
  kind?: Kind
}): ReactNode {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        data-testid={`open-${kind}`}
        title={
          kind === 'bulletin'
            ? '生成某一年度的审查情况通报（Word 文档）'
            : '为有问题的报告生成整改意见（Word 文档）'
        }
        onClick={() => setOpen(true)}
      >
        {kind === 'bulletin' ? '导出通报' : '导出整改意见'}
      </button>
      {open && (
        <ExportDialog
          kind={kind}
          {...(year !== undefined ? { year } : {})}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  )
}
