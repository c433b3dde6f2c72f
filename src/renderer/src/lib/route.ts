/**
 * Screen and selection live in the URL hash so that a reload (F5, or the e2e test) comes back to
 * the same report, and the browser's back button works between screens.
 */
import { useEffect, useState } from 'react'
import { assertNever } from '../../../shared/assert'

export type Screen = 'overview' | 'agencies' | 'ranking' | 'review' | 'trends' | 'settings'
export const SCREENS: readonly Screen[] = [
  'overview',
  'agencies',
  'ranking',
  'review',
  'trends',
  'settings'
]

export type Route =
  | { screen: 'overview' }
  | { screen: 'agencies' }
  | { screen: 'ranking' }
  | { screen: 'review'; reportId: number | null; finding: string | null }
  | { screen: 'trends'; agencyKey: string | null }
  | { screen: 'settings' }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/')
  const [head, arg, arg2] = parts
  switch (head) {
    case 'agencies':
      return { screen: 'agencies' }
    case 'ranking':
      return { screen: 'ranking' }
    case 'settings':
      return { screen: 'settings' }
    case 'review': {
      const id = arg ? Number(arg) : NaN
      return {
        screen: 'review',
        reportId: Number.isInteger(id) && id > 0 ? id : null,
        finding: arg2 ? decodeURIComponent(arg2) : null
      }
    }
    case 'trends':
      return { screen: 'trends', agencyKey: arg ? decodeURIComponent(arg) : null }
    default:
      return { screen: 'overview' }
  }
}

export function routeHash(r: Route): string {
  switch (r.screen) {
    case 'overview':
    case 'agencies':
    case 'ranking':
    case 'settings':
      return `#/${r.screen}`
    case 'review':
      if (r.reportId === null) return '#/review'
      return r.finding === null
        ? `#/review/${r.reportId}`
        : `#/review/${r.reportId}/${encodeURIComponent(r.finding)}`
    case 'trends':
      return r.agencyKey === null ? '#/trends' : `#/trends/${encodeURIComponent(r.agencyKey)}`
    default:
      return assertNever(r, 'unknown screen')
  }
}

export function navigate(r: Route, replace = false): void {
  const h = routeHash(r)
  if (window.location.hash === h) return
  if (replace) window.history.replaceState(null, '', h)
  else window.location.hash = h
  // replaceState fires no hashchange: tell the listeners ourselves.
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'))
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
