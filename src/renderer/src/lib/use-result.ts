/**
 * Load one Api call and keep its outcome as data. The previous value stays on screen while a
 * reload runs (no flicker when ingest events refresh a view); a stale response for old arguments
 * is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Result } from '../../../shared/api'

export interface Loaded<T> {
  value: T | null
  error: ApiError | null
  loading: boolean
  reload: () => void
}

export function useResult<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Loaded<T> {
  const [value, setValue] = useState<T | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(true)
  const [tick, setTick] = useState(0)
  const seq = useRef(0)
  const reload = useCallback(() => setTick(t => t + 1), [])

  useEffect(() => {
    const mine = ++seq.current
    setLoading(true)
    load().then(
      r => {
        if (mine !== seq.current) return
        if (r.ok) {
          setValue(r.value)
          setError(null)
        } else {
          setError(r.error)
        }
        setLoading(false)
      },
      (err: unknown) => {
        // The Api never rejects by contract; a rejection is a transport failure (server gone).
        if (mine !== seq.current) return
        setError({ code: 'INTERNAL', message: `无法连接到后台服务：${String(err)}` })
        setLoading(false)
      }
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])

  return { value, error, loading, reload }
}
