/**
 * The Api over HTTP for the renderer served by `npm run serve` (src/core/transport/http/server.ts): the
 * shared client (src/shared/http-client.ts) with this page's origin, its access token and a fetch
 * of the event stream.
 *
 * The token is read from the page's URL once and then taken out of it (history.replaceState): a
 * token left in the address bar ends up in history and screenshots, and the server takes it only
 * in a header (issue #19). It is kept in this page's memory, and in sessionStorage (this tab
 * only, same origin only) so that a reload keeps working.
 */
import type { Api } from '../../../shared/api'
import { createHttpClient, type EventSourceLike } from '../../../shared/http-client'

export interface HttpApiOptions {
  baseUrl?: string
  /** Default: `?token=` (or `#token=`) of the page URL, then this tab's sessionStorage. */
  token?: string
}

const TOKEN_KEY = 'nianbao-token'

function tokenFromPage(): string {
  const url = new URL(window.location.href)
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''))
  const token = url.searchParams.get('token') ?? hash.get('token')
  if (token) {
    url.searchParams.delete('token')
    // The hash is the app's route (#/review/12) unless it carried the token itself.
    if (hash.has('token')) {
      hash.delete('token')
      url.hash = hash.toString()
    }
    window.history.replaceState(window.history.state, '', url.toString())
  }
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token)
    return token ?? window.sessionStorage.getItem(TOKEN_KEY) ?? ''
  } catch {
    // Storage can be disabled; the token read above still works for this page load.
    return token ?? ''
  }
}

/**
 * Server-Sent Events over fetch: EventSource cannot send a header. Reconnects after 2 s when the
 * stream ends or fails, as EventSource does with the server's `retry: 2000`.
 */
function fetchEvents(url: string, headers: Record<string, string>): EventSourceLike {
  const abort = new AbortController()
  const like: EventSourceLike = { onmessage: null, close: () => abort.abort() }
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(url, { headers, signal: abort.signal })
        const reader = res.body?.getReader()
        if (res.ok && reader) {
          const dec = new TextDecoder()
          let buf = ''
          for (;;) {
            const { value, done } = await reader.read()
            if (done) break
            buf += dec.decode(value, { stream: true })
            let i: number
            while ((i = buf.indexOf('\n\n')) >= 0) {
              const chunk = buf.slice(0, i)
              buf = buf.slice(i + 2)
              const data = chunk
                .split('\n')
                .filter(l => l.startsWith('data:'))
                .map(l => l.slice(5).replace(/^ /, ''))
              if (data.length > 0) like.onmessage?.({ data: data.join('\n') })
            }
          }
        }
      } catch {
        // Aborted, or the server went away: retried below unless closed.
      }
      if (!abort.signal.aborted) await new Promise(r => setTimeout(r, 2_000))
    }
  }
  void run()
  return like
}

export function createHttpApi(opts: HttpApiOptions = {}): Api {
  return createHttpClient({
    baseUrl: opts.baseUrl ?? window.location.origin,
    token: opts.token ?? tokenFromPage(),
    fetch: (url, init) => fetch(url, init),
    eventSource: fetchEvents,
    onListenerError: err => console.error('事件处理出错', err)
  })
}
