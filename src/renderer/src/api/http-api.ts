/**
 * The Api over HTTP, for the renderer served by `npm run serve` (src/main/core/http/server.ts).
 * Same contract as the preload: one JSON argument per call, a Result back, never a rejection —
 * a network failure is an IO_ERROR value like any other error. Events arrive by Server-Sent
 * Events; one EventSource is shared by all subscribers and opened only while someone listens.
 */
import {
  API_METHODS,
  type Api,
  type ApiMethodName,
  type ApiMethods,
  type AppEvent,
  type Result
} from '../../../shared/api'

export interface HttpApiOptions {
  /** Origin (and optional path prefix) of the server; default the page's own origin. */
  baseUrl?: string
  /** Access token; default `?token=` (or `#token=`) of the page URL, kept for reloads. */
  token?: string
  fetch?: typeof fetch
}

const TOKEN_KEY = 'nianbao-token'

function tokenFromPage(): string {
  if (typeof window === 'undefined') return ''
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

function failure<T>(code: 'IO_ERROR' | 'INTERNAL', message: string): Result<T> {
  return { ok: false, error: { code, message } }
}

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean'
}

export function createHttpApi(opts: HttpApiOptions = {}): Api {
  const base = (opts.baseUrl ?? (typeof window !== 'undefined' ? window.location.origin : '')).replace(/\/+$/, '')
  const token = opts.token ?? tokenFromPage()
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))

  async function call(method: ApiMethodName, args: unknown): Promise<Result<unknown>> {
    let res: Response
    try {
      res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nianbao-token': token },
        body: args === undefined ? null : JSON.stringify(args)
      })
    } catch (err) {
      return failure('IO_ERROR', `无法连接年报审查台服务：${err instanceof Error ? err.message : String(err)}`)
    }
    let body: unknown
    try {
      body = await res.json()
    } catch {
      return failure('INTERNAL', `服务返回了无法识别的内容（HTTP ${res.status}）`)
    }
    return isResult(body) ? body : failure('INTERNAL', `服务返回了无法识别的内容（HTTP ${res.status}）`)
  }

  const listeners = new Set<(e: AppEvent) => void>()
  let source: EventSource | null = null

  function open(): void {
    if (source || typeof EventSource === 'undefined') return
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`)
    source.onmessage = (m: MessageEvent<string>) => {
      let e: AppEvent
      try {
        e = JSON.parse(m.data) as AppEvent
      } catch {
        return
      }
      for (const l of [...listeners]) {
        try {
          l(e)
        } catch (err) {
          console.error('事件处理出错', err)
        }
      }
    }
    // EventSource reconnects by itself (retry: 2000 from the server); nothing to do on error.
  }

  const methods = Object.fromEntries(
    API_METHODS.map((m) => [m, (args?: unknown) => call(m, args)])
  ) as unknown as ApiMethods

  return {
    ...methods,
    onEvent(cb) {
      listeners.add(cb)
      open()
      return () => {
        listeners.delete(cb)
        if (listeners.size === 0 && source) {
          source.close()
          source = null
        }
      }
    }
  }
}
