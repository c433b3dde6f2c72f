import { describe, expect, it } from 'vitest'
import { trustedUrl } from './ipc'
import { permissionAllowed } from './permissions'

describe('permissionAllowed', () => {
  const trusted = trustedUrl('http://localhost:5173')
  const page = { url: 'app://nianbao/index.html#/review/3', isMainFrame: true }

  it('lets our page write to the clipboard (复制整改意见), in the app and on the dev server', () => {
    expect(permissionAllowed('clipboard-sanitized-write', page, trusted)).toBe(true)
    expect(
      permissionAllowed(
        'clipboard-sanitized-write',
        { url: 'http://localhost:5173/#/review', isMainFrame: true },
        trusted
      )
    ).toBe(true)
  })

  it('refuses everything else: reading the clipboard, other permissions, frames, other origins', () => {
    for (const p of [
      'clipboard-read',
      'notifications',
      'media',
      'geolocation',
      'openExternal',
      'fileSystem'
    ])
      expect(permissionAllowed(p, page, trusted), p).toBe(false)
    expect(
      permissionAllowed('clipboard-sanitized-write', { ...page, isMainFrame: false }, trusted)
    ).toBe(false)
    expect(
      permissionAllowed('clipboard-sanitized-write', { url: undefined, isMainFrame: true }, trusted)
    ).toBe(false)
    for (const url of [
      'https://example.com/',
      'app://other/index.html',
      'http://localhost:5174/',
      'file:///tmp/x.html'
    ])
      expect(
        permissionAllowed('clipboard-sanitized-write', { url, isMainFrame: true }, trusted),
        url
      ).toBe(false)
    expect(
      permissionAllowed(
        'clipboard-sanitized-write',
        { url: 'http://localhost:5173/', isMainFrame: true },
        trustedUrl()
      )
    ).toBe(false)
  })
})
