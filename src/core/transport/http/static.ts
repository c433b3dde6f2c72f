/**
 * Maps a URL path onto the built renderer (out/renderer) for the app:// protocol and the HTTP
 * server. Never serves anything outside that folder; an unknown path without an extension is a
 * client-side route and gets index.html.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { isPathInside } from '../../fs/path-guard'
import { MIME } from './csp'

export interface StaticFile {
  absPath: string
  contentType: string
}

export async function resolveStatic(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rel = decoded.replace(/^\/+/, '') || 'index.html'
  const root = path.resolve(rootDir)
  let abs = path.resolve(root, rel)
  if (!isPathInside(abs, root)) return null
  let st = await fs.stat(abs).catch(() => null)
  if (st?.isDirectory()) {
    abs = path.join(abs, 'index.html')
    st = await fs.stat(abs).catch(() => null)
  }
  if (!st?.isFile()) {
    if (path.extname(rel) !== '') return null
    abs = path.join(root, 'index.html')
    st = await fs.stat(abs).catch(() => null)
    if (!st?.isFile()) return null
  }
  return {
    absPath: abs,
    contentType: MIME[path.extname(abs).toLowerCase()] ?? 'application/octet-stream'
  }
}
