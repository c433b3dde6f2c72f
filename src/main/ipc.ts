/**
 * Registers the Api on ipcMain. Every handler goes through one wrapper that refuses calls from any
 * frame other than our own top-level page, validates the argument against src/shared/schemas.ts
 * and turns anything thrown into an error value — so a compromised or confused renderer gets a
 * clear refusal, never a stack trace or a half-done operation.
 *
 * Written against small structural types rather than Electron's, so it is unit-tested in Node.
 */
import { API_METHODS, fail, ipcChannel, type ApiMethods, type Result } from '../shared/api'
import { dispatch } from '../core/transport/dispatch'

export interface SenderFrameLike {
  url: string
  parent: unknown
}
export interface IpcEventLike {
  senderFrame: SenderFrameLike | null
}
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>
  ): void
  removeHandler(channel: string): void
}

/** The renderer origins we trust: the app:// page, and the dev server during `npm run dev`. */
export function trustedUrl(devServerUrl?: string): (url: string) => boolean {
  const dev = devServerUrl ? safeUrl(devServerUrl) : null
  return raw => {
    const u = safeUrl(raw)
    if (!u) return false
    if (u.protocol === 'app:' && u.host === 'nianbao') return true
    return dev !== null && u.protocol === dev.protocol && u.host === dev.host
  }
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s)
  } catch {
    return null
  }
}

export function isTrustedSender(event: IpcEventLike, isTrusted: (url: string) => boolean): boolean {
  const frame = event.senderFrame
  // Subframes (an <iframe> somewhere) never get the Api, whatever their URL.
  return (
    frame !== null && (frame.parent === null || frame.parent === undefined) && isTrusted(frame.url)
  )
}

/** The untrusted-sender error, also used by tests. */
export const UNTRUSTED: Result<never> = fail('FORBIDDEN', '拒绝访问：请求不是来自本程序的窗口')

/** Registers one handler per Api method; returns a function that removes them all. */
export function registerApi(
  ipc: IpcMainLike,
  impl: ApiMethods,
  isTrusted: (url: string) => boolean
): () => void {
  for (const method of API_METHODS) {
    ipc.handle(ipcChannel(method), async (event, ...args) => {
      if (!isTrustedSender(event, isTrusted)) return UNTRUSTED
      // The preload sends exactly one argument (or none); extra ones are a forged call.
      if (args.length > 1) return fail('INVALID_ARGUMENT', `参数无效（${method}）：只接受一个参数`)
      return dispatch(impl, method, args[0])
    })
  }
  return () => {
    for (const method of API_METHODS) ipc.removeHandler(ipcChannel(method))
  }
}
