/** A titled chart panel with a "保存为 PNG" button. */
import { useRef, useState, type ReactNode } from 'react'
import { saveChartPng, type LegendEntry } from './save-png'

interface Props {
  title: string
  /** File name stem of the PNG. */
  fileName: string
  legend: LegendEntry[]
  empty: boolean
  children: ReactNode
}

export function ChartCard({ title, fileName, legend, empty, children }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const [error, setError] = useState<string | null>(null)
  const save = async (): Promise<void> => {
    if (!ref.current) return
    try {
      setError(null)
      await saveChartPng(ref.current, title, legend, fileName)
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <section className="panel chart-card" aria-label={title}>
      <div className="panel-head">
        <h3>{title}</h3>
        <button type="button" className="small" disabled={empty} onClick={() => void save()}>
          保存为 PNG
        </button>
      </div>
      {error && <div className="inline-error">保存失败：{error}</div>}
      <div className="chart-body" ref={ref}>
        {empty ? <div className="chart-empty muted">所选范围内没有这项数据</div> : children}
      </div>
    </section>
  )
}
