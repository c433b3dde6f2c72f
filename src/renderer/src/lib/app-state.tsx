/**
 * State shared by every screen: the active filters (overview, agencies, trends, review navigation
 * and export all follow them), a data version bumped whenever the core reports new data, and the
 * live watch status for the progress bar.
 */
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode
} from 'react'
import type { IngestProgress, ReportFilter, WatchStatus } from '../../../shared/api'
import { assertNever } from '../../../shared/assert'
import { api } from '../api'

interface AppState {
  filter: ReportFilter
  setFilter: (f: ReportFilter) => void
  /** Changes whenever stored data changed: views refetch on it. */
  dataVersion: number
  bump: () => void
  watch: WatchStatus | null
  progress: IngestProgress | null
}

const Ctx = createContext<AppState | null>(null)

const FILTER_KEY = 'nianbao.filter'

function loadFilter(): ReportFilter {
  try {
    const raw = sessionStorage.getItem(FILTER_KEY)
    return raw ? (JSON.parse(raw) as ReportFilter) : {}
  } catch {
    return {}
  }
}

/** Drop empty fields so the Api's strict schemas and the server's caches see one shape. */
export function cleanFilter(f: ReportFilter): ReportFilter {
  const out: ReportFilter = {}
  if (f.years && f.years.length > 0) out.years = [...f.years].sort((a, b) => a - b)
  if (f.search && f.search.trim() !== '') out.search = f.search.trim()
  if (f.severity) out.severity = f.severity
  if (f.rules && f.rules.length > 0) out.rules = f.rules
  if (f.groups && f.groups.length > 0) out.groups = f.groups
  if (f.levels && f.levels.length > 0) out.levels = f.levels
  if (f.statuses && f.statuses.length > 0) out.statuses = f.statuses
  if (f.agencies && f.agencies.length > 0) out.agencies = f.agencies
  if (f.pending) out.pending = true
  if (f.unrecognised) out.unrecognised = true
  if (f.regions && f.regions.length > 0) out.regions = f.regions
  if (f.problems) out.problems = true
  return out
}

export function AppStateProvider({ children }: { children: ReactNode }): ReactNode {
  const [filter, setFilterRaw] = useState<ReportFilter>(() => cleanFilter(loadFilter()))
  const [dataVersion, setDataVersion] = useState(0)
  const [watch, setWatch] = useState<WatchStatus | null>(null)
  const [progress, setProgress] = useState<IngestProgress | null>(null)
  const lastBump = useRef(0)

  useEffect(() => {
    let alive = true
    const refreshWatch = (): void => {
      void api.getWatchStatus().then(r => {
        if (!alive || !r.ok) return
        setWatch(r.value)
        setProgress(r.value.progress)
      })
    }
    refreshWatch()
    const bumpSoon = (): void => {
      // While a big folder is ingested, refetch at most every 2 s, not per file.
      const now = Date.now()
      if (now - lastBump.current > 2000) {
        lastBump.current = now
        setDataVersion(v => v + 1)
      }
    }
    const off = api.onEvent(e => {
      switch (e.type) {
        case 'progress':
          setProgress({
            done: e.done,
            total: e.total,
            current: e.file,
            ...(e.ocr ? { ocr: e.ocr } : {}),
            idle: false
          })
          break
        case 'ingested':
        case 'removed':
          bumpSoon()
          break
        case 'idle':
          setProgress(p => ({ done: e.done, total: p?.total ?? e.done, current: null, idle: true }))
          setDataVersion(v => v + 1)
          refreshWatch()
          break
        case 'folders':
          setWatch(w => (w ? { ...w, folders: e.folders } : w))
          break
        case 'changed':
          setDataVersion(v => v + 1)
          break
        case 'error':
        case 'export-progress':
          break
        default:
          assertNever(e, 'unknown app event')
      }
    })
    return () => {
      alive = false
      off()
    }
  }, [])

  const value = useMemo<AppState>(
    () => ({
      filter,
      setFilter: f => {
        const c = cleanFilter(f)
        setFilterRaw(c)
        try {
          sessionStorage.setItem(FILTER_KEY, JSON.stringify(c))
        } catch {
          /* storage may be unavailable (private mode): the filter still works in memory */
        }
      },
      dataVersion,
      bump: () => setDataVersion(v => v + 1),
      watch,
      progress
    }),
    [filter, dataVersion, watch, progress]
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useAppState(): AppState {
  const s = useContext(Ctx)
  if (!s) throw new Error('useAppState outside AppStateProvider')
  return s
}
