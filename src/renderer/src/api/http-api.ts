/**
 * The Api over HTTP for the renderer served by `npm run serve` (src/core/transport/http/server.ts): the
 * shared client (src/shared/http-client.ts) with this page's origin, its access token and the
 * browser's EventSource for events (it reconnects by itself; the server sends `retry: 2000`).
 */
import type { Api } from '../../../shared/api'
import { createHttpClient, type EventSourceLike } from '../../../shared/http-client'

export interface HttpApiOptions {
  baseUrl?: string
  /** Default: `?token=` (or `#token=`) of the page URL, kept in sessionStorage for reloads. */
  token?: string
}

const TOKEN_KEY = 'nianbao-token'

function tokenFromPage(): string {
  const fromQuery = new URLSearchParams(window.location.search).get('token')
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token')
  const token = fromQuery ?? fromHash
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token)
    return token ?? window.sessionStorage.getItem(TOKEN_KEY) ?? ''
  } catch {
    // Storage can be disabled; the URL token still works for this page load.
    return token ?? ''
  }
}

export function createHttpApi(opts: HttpApiOptions = {}): Api {
  return createHttpClient({
    baseUrl: opts.baseUrl ?? window.location.origin,
    token: opts.token ?? tokenFromPage(),
    fetch: (url, init) => fetch(url, init),
    eventSource: (url) => {
      const es = new EventSource(url)
      const like: EventSourceLike = { onmessage: null, close: () => es.close() }
      es.onmessage = (m: MessageEvent<string>) => like.onmessage?.({ data: m.data })
      return like
    },
    onListenerError: (err) => console.error('事件处理出错', err)
  })
}
