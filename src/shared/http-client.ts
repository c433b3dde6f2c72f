/**
 * The Api over HTTP, transport only: used by the renderer under `npm run serve`
 * (src/renderer/src/api/http-api.ts adds the page's token and its event stream) and by the integration
 * tests in Node. Same contract as the preload: one JSON argument per call, a Result back, never a
 * rejection — a network failure is an IO_ERROR value like any other error.
 */
import {
  API_METHODS,
  type Api,
  type ApiMethodName,
  type ApiMethods,
  type AppEvent,
  type Result
} from './api'

/** The part of EventSource we use (so this file needs no DOM types). */
export interface EventSourceLike {
  onmessage: ((m: { data: string }) => void) | null
  close(): void
}

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the server, no trailing slash needed. */
  baseUrl: string
  token: string
  fetch: (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | null }
  ) => Promise<{
    status: number
    json(): Promise<unknown>
  }>
  /**
   * Opens the SSE stream with these headers (the token goes only in a header: issue #19); absent =
   * no events (onEvent still returns an unsubscribe).
   */
  eventSource?: (url: string, headers: Record<string, string>) => EventSourceLike
  onListenerError?: (err: unknown) => void
}

function failure<T>(code: 'IO_ERROR' | 'INTERNAL', message: string): Result<T> {
  return { ok: false, error: { code, message } }
}

function isResult(x: unknown): x is Result<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { ok?: unknown }).ok === 'boolean'
}

export function createHttpClient(opts: HttpClientOptions): Api {
  // Trailing slashes; the lookbehind keeps it linear (test/regex-safety.test.ts).
  const base = opts.baseUrl.replace(/(?<!\/)\/+$/, '')

  async function call(method: ApiMethodName, args: unknown): Promise<Result<unknown>> {
    let res: Awaited<ReturnType<HttpClientOptions['fetch']>>
    try {
      res = await opts.fetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nianbao-token': opts.token },
        body: args === undefined ? null : JSON.stringify(args)
      })
    } catch (err) {
      return failure(
        'IO_ERROR',
        `无法连接年报审查台服务：${err instanceof Error ? err.message : String(err)}`
      )
    }
    let body: unknown
    try {
      body = await res.json()
    } catch {
      return failure('INTERNAL', `服务返回了无法识别的内容（HTTP ${res.status}）`)
    }
    return isResult(body)
      ? body
      : failure('INTERNAL', `服务返回了无法识别的内容（HTTP ${res.status}）`)
  }

  const listeners = new Set<(e: AppEvent) => void>()
  let source: EventSourceLike | null = null

  function open(): void {
    if (source || !opts.eventSource) return
    source = opts.eventSource(`${base}/api/events`, { 'x-nianbao-token': opts.token })
    source.onmessage = m => {
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
          opts.onListenerError?.(err)
        }
      }
    }
  }

  const methods = Object.fromEntries(
    API_METHODS.map(m => [m, (args?: unknown) => call(m, args)])
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
