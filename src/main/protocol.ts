/**
 * The renderer is served from app://nianbao/ rather than file://: a file:// page could read any
 * local file it can name, and would share an origin with every other file:// page. The handler
 * serves only the built renderer folder, with the strict CSP as a response header.
 */
import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { CSP } from '../core/transport/http/csp'
import { resolveStatic } from '../core/transport/http/static'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://nianbao'

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async request => {
    const url = new URL(request.url)
    if (url.host !== 'nianbao') return new Response('Not found', { status: 404 })
    const file = await resolveStatic(rendererDir, url.pathname)
    if (!file) return new Response('Not found', { status: 404 })
    return new Response(await readFile(file.absPath), {
      headers: {
        'content-type': file.contentType,
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff'
      }
    })
  })
}
