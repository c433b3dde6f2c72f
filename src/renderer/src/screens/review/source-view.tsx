/**
 * The report's text with line numbers. Lines named by any open finding get a gutter mark; the
 * selected finding's lines are highlighted and scrolled to the middle of the pane.
 */
import { memo, useEffect, useRef, type ReactNode } from 'react'

interface Props {
  lines: string[]
  /** Lines of any open finding (gutter marks). */
  marked: ReadonlySet<number>
  /** Lines of the selected finding. */
  highlighted: readonly number[]
  /** Changes when the selection changes, even to a finding with the same lines. */
  selectionKey: string | null
}

export function SourceView({ lines, marked, highlighted, selectionKey }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const hl = new Set(highlighted)
  useEffect(() => {
    const first = highlighted[0]
    if (first === undefined) return
    const el = ref.current?.querySelector(`[data-line="${first}"]`)
    if (el) el.scrollIntoView({ block: 'center' })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectionKey])

  if (lines.length === 0) return <div className="source muted">（报告没有可显示的文字）</div>
  return (
    <div className="source" ref={ref} data-testid="source" aria-label="报告原文">
      {lines.map((text, i) => (
        <Line key={i} n={i + 1} text={text} mark={marked.has(i + 1)} hl={hl.has(i + 1)} />
      ))}
    </div>
  )
}

const Line = memo(function Line({
  n,
  text,
  mark,
  hl
}: {
  n: number
  text: string
  mark: boolean
  hl: boolean
}) {
  return (
    <div className={`src-line${hl ? ' src-hl' : ''}${mark ? ' src-mark' : ''}`} data-line={n}>
      <span className="ln" aria-hidden>
        {n}
      </span>
      <span className="txt">{text === '' ? '\u00a0' : text}</span>
    </div>
  )
})
