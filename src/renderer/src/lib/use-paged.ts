/**
 * Rows of a long list fetched page by page as they scroll into view (the agency table and the
 * matrix can hold thousands of agencies). When the arguments change, the old rows stay visible
 * until the first new page arrives, so a refresh during ingest does not blank the table.
 */
import { useVirtualizer, type VirtualItem, type Virtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { ApiError, PageArgs, Result } from '../../../shared/api'

export interface PagedRows<T, R> {
  total: number | null
  /** The last response (for fields beside the rows, e.g. the matrix's years). */
  last: R | null
  row: (i: number) => T | undefined
  /** Make sure rows [start, end] are loaded or loading. */
  ensure: (start: number, end: number) => void
  error: ApiError | null
  loading: boolean
  reload: () => void
}

export function usePaged<T, R>(
  fetchPage: (page: PageArgs) => Promise<Result<R>>,
  itemsOf: (r: R) => { items: T[]; total: number },
  deps: readonly unknown[],
  pageSize = 200
): PagedRows<T, R> {
  const [pages, setPages] = useState<Map<number, T[]>>(new Map())
  const [total, setTotal] = useState<number | null>(null)
  const [last, setLast] = useState<R | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const gen = useRef(0)
  const inflight = useRef(new Set<number>())
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage
  const itemsRef = useRef(itemsOf)
  itemsRef.current = itemsOf

  const load = useCallback(
    (p: number, mine: number, reset: boolean) => {
      inflight.current.add(p)
      void fetchRef.current({ offset: p * pageSize, limit: pageSize }).then(
        r => {
          if (mine !== gen.current) return
          inflight.current.delete(p)
          setLoading(false)
          if (!r.ok) {
            setError(r.error)
            return
          }
          const { items, total: t } = itemsRef.current(r.value)
          setError(null)
          setTotal(t)
          setLast(r.value)
          setPages(old => {
            const next = reset ? new Map<number, T[]>() : new Map(old)
            next.set(p, items)
            return next
          })
        },
        (err: unknown) => {
          if (mine !== gen.current) return
          inflight.current.delete(p)
          setLoading(false)
          setError({ code: 'INTERNAL', message: `无法连接到后台服务：${String(err)}` })
        }
      )
    },
    [pageSize]
  )

  useEffect(() => {
    const mine = ++gen.current
    inflight.current = new Set()
    setLoading(true)
    load(0, mine, true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, load])

  const ensure = useCallback(
    (start: number, end: number) => {
      if (total === null) return
      const last = Math.min(end, total - 1)
      for (let p = Math.floor(Math.max(0, start) / pageSize); p * pageSize <= last; p++) {
        if (!pages.has(p) && !inflight.current.has(p)) load(p, gen.current, false)
      }
    },
    [pages, total, pageSize, load]
  )

  const row = useCallback(
    (i: number) => pages.get(Math.floor(i / pageSize))?.[i % pageSize],
    [pages, pageSize]
  )

  return { total, last, row, ensure, error, loading, reload: () => setTick(t => t + 1) }
}

/**
 * The visible window of a paged list: a virtualiser over `paged.total` rows of `rowHeight` px that
 * asks for the pages its visible rows need as they scroll into view.
 */
export function useVirtualRows(
  paged: Pick<PagedRows<unknown, unknown>, 'total' | 'ensure'>,
  rowHeight: number,
  overscan: number
): {
  scrollRef: RefObject<HTMLDivElement | null>
  count: number
  v: Virtualizer<HTMLDivElement, Element>
  items: VirtualItem[]
} {
  const scrollRef = useRef<HTMLDivElement>(null)
  const count = paged.total ?? 0
  const v = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan
  })
  const items = v.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0
  const { ensure } = paged
  useEffect(() => ensure(first, last), [ensure, first, last])
  return { scrollRef, count, v, items }
}
