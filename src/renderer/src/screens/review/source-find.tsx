/**
 * 在原文中查找: the desktop window has no find bar of its own (Electron shows none for Ctrl+F), and
 * a supervisor checking a finding looks for words the message quotes (信息处理费, 行政复议). Ctrl+F
 * focuses the box; Enter and Shift+Enter step through the matching lines, which the source pane
 * marks and scrolls to; Esc clears it.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject
} from 'react'

export interface SourceFindState {
  query: string
  setQuery: (q: string) => void
  /** Line numbers (1-based) containing the query, in order. */
  matches: number[]
  /** Index into matches of the current one (-1: none). */
  index: number
  step: (dir: 1 | -1) => void
  input: RefObject<HTMLInputElement | null>
}

/**
 * Latin letters in lower case, nothing else: the same length as `s`, so a match's place in the
 * folded text is its place in the text (toLowerCase turns İ into two characters).
 */
export function foldCase(s: string): string {
  return s.replace(/[A-Z]/g, c => c.toLowerCase())
}

/** Lines (1-based) whose text contains `query`, ignoring the case of Latin letters. */
export function matchingLines(lines: readonly string[], query: string): number[] {
  const q = foldCase(query.trim())
  if (q === '') return []
  const out: number[] = []
  lines.forEach((l, i) => {
    if (foldCase(l).includes(q)) out.push(i + 1)
  })
  return out
}

export function useSourceFind(lines: readonly string[]): SourceFindState {
  const [query, setQueryState] = useState('')
  const [index, setIndex] = useState(-1)
  const input = useRef<HTMLInputElement>(null)
  const matches = useMemo(() => matchingLines(lines, query), [lines, query])
  const setQuery = useCallback((q: string) => {
    setQueryState(q)
    setIndex(q.trim() === '' ? -1 : 0)
  }, [])
  const step = useCallback(
    (dir: 1 | -1) => {
      if (matches.length === 0) return
      setIndex(i => (i < 0 ? 0 : (i + dir + matches.length) % matches.length))
    },
    [matches.length]
  )
  // Ctrl+F (⌘F) anywhere on the review screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'f') {
        e.preventDefault()
        input.current?.focus()
        input.current?.select()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return {
    query,
    setQuery,
    matches,
    index: matches.length === 0 ? -1 : Math.min(index, matches.length - 1),
    step,
    input
  }
}

export function SourceFind({ find }: { find: SourceFindState }): ReactNode {
  const { query, matches, index } = find
  return (
    <span className="source-find" role="search">
      <input
        ref={find.input}
        type="search"
        data-testid="source-find"
        /* Out of the Tab order: tabbing out of a note landed here, and the next J/K/C/X were typed
           into the box unseen (issue #22). Ctrl+F or a click puts the cursor here. */
        tabIndex={-1}
        placeholder="在原文中查找（Ctrl+F）"
        aria-label="在原文中查找"
        value={query}
        onChange={e => find.setQuery(e.target.value)}
        onKeyDown={e => {
          if (e.key === 'Enter') {
            e.preventDefault()
            find.step(e.shiftKey ? -1 : 1)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            find.setQuery('')
            e.currentTarget.blur()
          }
        }}
      />
      {query.trim() !== '' && (
        <span className="find-count muted" aria-live="polite" data-testid="source-find-count">
          {matches.length === 0 ? '无匹配' : `${index + 1}/${matches.length} 行`}
        </span>
      )}
    </span>
  )
}
