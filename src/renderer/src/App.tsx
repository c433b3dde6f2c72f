/**
 * The shell of the window: title, the five screens as tabs (arrow keys move between tabs, as the
 * WAI-ARIA tabs pattern asks), the global filters, and the active screen filling the rest.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { BulletinButton } from './components/bulletin-button'
import { ExportButton } from './components/export-button'
import { Loading } from './components/states'
import { FilterBar } from './components/filter-bar'
import { IngestProgress } from './components/ingest-progress'
import { AppStateProvider } from './lib/app-state'
import { navigate, SCREENS, useRoute, type Route, type Screen } from './lib/route'
import { AgenciesScreen } from './screens/agencies/agencies-screen'
import { OverviewScreen } from './screens/overview/overview-screen'
import { RankingScreen } from './screens/ranking/ranking-screen'
import { ReviewScreen } from './screens/review/review-screen'
import { SettingsScreen } from './screens/settings/settings-screen'

type TrendsModule = typeof import('./screens/trends/trends-screen')
let trendsModule: TrendsModule | null = null
const loadTrends = (): Promise<TrendsModule> =>
  import('./screens/trends/trends-screen').then(m => (trendsModule = m))

/**
 * The trends screen's charts (recharts and d3) are a chunk of their own, more than half the
 * window's script: the first screen no longer waits for them to be parsed (bench/screens.ts, issue
 * #8). They are fetched a moment after the window has shown, so the tab opens at once; not with
 * React.lazy, whose Suspense fallback stays up for at least 300 ms even when the chunk is there.
 */
function TrendsRoute({ agencyKey }: { agencyKey: string | null }): ReactNode {
  const [mod, setMod] = useState(trendsModule)
  useEffect(() => {
    if (!mod) void loadTrends().then(setMod)
  }, [mod])
  return mod ? <mod.TrendsScreen agencyKey={agencyKey} /> : <Loading what="图表" />
}

const TAB_NAMES: Record<Screen, string> = {
  overview: '总览',
  agencies: '单位',
  ranking: '排名',
  review: '报告审阅',
  trends: '同比趋势',
  settings: '设置'
}

function defaultRoute(s: Screen): Route {
  switch (s) {
    case 'overview':
    case 'agencies':
    case 'ranking':
    case 'settings':
      return { screen: s }
    case 'review':
      return { screen: 'review', reportId: null, finding: null }
    case 'trends':
      return { screen: 'trends', agencyKey: null }
  }
}

function Tabs({ current }: { current: Screen }): ReactNode {
  const refs = useRef<Array<HTMLButtonElement | null>>([])
  const onKey = (e: KeyboardEvent, i: number): void => {
    let j = -1
    if (e.key === 'ArrowRight') j = (i + 1) % SCREENS.length
    else if (e.key === 'ArrowLeft') j = (i - 1 + SCREENS.length) % SCREENS.length
    else if (e.key === 'Home') j = 0
    else if (e.key === 'End') j = SCREENS.length - 1
    const s = SCREENS[j]
    if (s === undefined) return
    e.preventDefault()
    navigate(defaultRoute(s))
    refs.current[j]?.focus()
  }
  return (
    <nav className="tabs" role="tablist" aria-label="功能">
      {SCREENS.map((s, i) => (
        <button
          key={s}
          ref={el => {
            refs.current[i] = el
          }}
          type="button"
          role="tab"
          id={`tab-${s}`}
          aria-selected={s === current}
          aria-controls="screen"
          tabIndex={s === current ? 0 : -1}
          className={`tab${s === current ? ' tab-on' : ''}`}
          /* 报告审阅 clicked again opens the first report the filters match (it did nothing, and a
             report outside the filters stayed stuck; issue #22). */
          onClick={() => (s !== current || s === 'review') && navigate(defaultRoute(s))}
          onKeyDown={e => onKey(e, i)}
        >
          {TAB_NAMES[s]}
        </button>
      ))}
    </nav>
  )
}

function ScreenFor({ route }: { route: Route }): ReactNode {
  switch (route.screen) {
    case 'overview':
      return <OverviewScreen />
    case 'agencies':
      return <AgenciesScreen />
    case 'ranking':
      return <RankingScreen />
    case 'review':
      return <ReviewScreen reportId={route.reportId} findingKey={route.finding} />
    case 'trends':
      return <TrendsRoute agencyKey={route.agencyKey} />
    case 'settings':
      return <SettingsScreen />
  }
}

export function App(): ReactNode {
  const route = useRoute()
  useEffect(() => {
    const t = setTimeout(() => void loadTrends(), 1500)
    return () => clearTimeout(t)
  }, [])
  return (
    <AppStateProvider>
      <div className="app">
        <header className="app-header">
          <h1 className="app-title">年报审查台</h1>
          <Tabs current={route.screen} />
          <div className="header-right">
            <IngestProgress compact />
            <span className="export">
              <BulletinButton kind="notices" />
              <BulletinButton kind="bulletin" />
            </span>
            <ExportButton kind="xlsx" />
          </div>
        </header>
        {/* Settings and the ranking (its own year and level) are not filtered: the bar would mislead. */}
        {route.screen !== 'settings' && route.screen !== 'ranking' && <FilterBar />}
        <main
          id="screen"
          className="screen"
          role="tabpanel"
          aria-labelledby={`tab-${route.screen}`}
        >
          <ScreenFor route={route} />
        </main>
      </div>
    </AppStateProvider>
  )
}
