/**
 * 文字识别（OCR）: scanned reports (image-only PDFs, photographed pages) are read by OCR and every
 * number checked against the table's own sums (issue #24). A supervisor may switch it off (a slow
 * laptop, a policy on machine reading): scans then get their M03 as before. The switch saves at
 * once; the core reads the files it concerns again.
 */
import { useEffect, useState, type ReactNode } from 'react'
import { api } from '../../api'
import { SaveStatus, type SaveState } from './save-status'

export function OcrForm({ saved }: { saved: boolean }): ReactNode {
  const [on, setOn] = useState(saved)
  const [state, setState] = useState<SaveState>({ kind: 'idle' })
  useEffect(() => setOn(saved), [saved])

  const toggle = async (next: boolean): Promise<void> => {
    setOn(next)
    setState({ kind: 'saving' })
    const r = await api.updateSettings({ ocr: next })
    if (!r.ok) {
      setOn(on)
      return setState({ kind: 'error', error: r.error })
    }
    setOn(r.value.ocr)
    setState({
      kind: 'saved',
      at: new Date(),
      text: `已保存，文字识别已${next ? '开启' : '关闭'}，扫描件将重新读取`
    })
  }

  return (
    <section className="panel settings-section" aria-labelledby="ocr-title">
      <div className="panel-head">
        <h2 id="ocr-title">文字识别（OCR）</h2>
      </div>
      <div className="settings-row">
        <label>
          <input
            type="checkbox"
            checked={on}
            disabled={state.kind === 'saving'}
            onChange={e => void toggle(e.target.checked)}
          />{' '}
          识别扫描件中的文字和表格
        </label>
        <span className="muted">
          没有文字层的扫描件（只有图片的
          PDF、拍照的页面）由本机识别后审查，不联网；表格中的每个数字都用表内合计核对，无法核实的数字列出并附原图，供人工核对。关闭后，扫描件只提示“需先做文字识别”。
        </span>
      </div>
      <SaveStatus state={state} dirty={false} />
    </section>
  )
}
