/**
 * The report's text with line numbers. Lines named by any open finding get a gutter mark; the
 * selected finding's lines are highlighted and scrolled to the middle of the pane. Text matching
 * the find box (source-find.tsx) is marked, and its current line scrolled to.
 */
import { memo, useEffect, useRef, type ReactNode } from 'react'
import { foldCase } from './source-find'

interface Props {
  lines: string[]
  /** Lines of any open finding (gutter marks). */
  marked: ReadonlySet<number>
  /** Lines of the selected finding. */
  highlighted: readonly number[]
  /** Changes when the selection changes, even to a finding with the same lines. */
  selectionKey: string | null
  /** The find box's text, its matching lines and the current one. */
  find?: { query: string; matches: readonly number[]; current: number | null }
}

export function SourceView({ lines, marked, highlighted, selectionKey, find }: Props): ReactNode {
  const ref = useRef<HTMLDivElement>(null)
  const hl = new Set(highlighted)
  const found = new Set(find?.matches)
  const query = find?.query.trim() ?? ''
  const current = find?.current ?? null
  useEffect(() => {
    if (current === null) return
    const el = ref.current?.querySelector(`[data-line="${current}"]`)
    if (el) el.scrollIntoView({ block: 'center' })
  }, [current, query])
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
        <Line
          key={i}
          n={i + 1}
          text={text}
          mark={marked.has(i + 1)}
          hl={hl.has(i + 1)}
          query={found.has(i + 1) ? query : ''}
          cur={current === i + 1}
        />
      ))}
    </div>
  )
}

/** `text` with each occurrence of `query` (Latin letters in any case) in a <mark>. */
function withMarks(text: string, query: string): ReactNode {
  if (query === '') return text
  const lower = foldCase(text)
  const q = foldCase(query)
  const out: ReactNode[] = []
  let at = 0
  for (let i = lower.indexOf(q); i >= 0; i = lower.indexOf(q, i + q.length)) {
    if (i > at) out.push(text.slice(at, i))
    out.push(<mark key={i}>{text.slice(i, i + q.length)}</mark>)
    at = i + q.length
  }
  if (at < text.length) out.push(text.slice(at))
  return out
}

const Line = memo(function Line({
  n,
  text,
  mark,
  hl,
  query,
  cur
}: {
  n: number
  text: string
  mark: boolean
  hl: boolean
  /** The find box's text, on matching lines only (others get ''). */
  query: string
  cur: boolean
}) {
  return (
    <div
      className={`src-line${hl ? ' src-hl' : ''}${mark ? ' src-mark' : ''}${query ? ' src-found' : ''}${cur ? ' src-found-cur' : ''}`}
      data-line={n}
    >
      <span className="ln" aria-hidden>
        {n}
      </span>
      <span className="txt">{text === '' ? '\u00a0' : withMarks(text, query)}</span>
    </div>
  )
})
