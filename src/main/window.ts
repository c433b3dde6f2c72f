/**
 * The one window. Locked down: sandboxed renderer, context isolation, no Node integration; it may
 * not navigate away, open windows or get any permission (camera, notifications, …) but writing to
 * the clipboard (permissions.ts). Links to the web open in the user's browser instead.
 */
import { BrowserWindow, session, shell } from 'electron'
import path from 'node:path'
import { permissionAllowed } from './permissions'
import { APP_ORIGIN } from './protocol'

/** `devTools`: false in the packaged app, where no one should open a console beside the Api. */
export function createMainWindow(opts: {
  preload: string
  devServerUrl?: string
  devTools: boolean
}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    show: false,
    title: '年报审查台',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: opts.devTools,
      // A middle click would open a link in a new window without the will-navigate check
      // (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick'
    }
  })
  win.once('ready-to-show', () => win.show())

  const start = opts.devServerUrl ?? `${APP_ORIGIN}/index.html`
  const allowed = new URL(start)
  win.webContents.on('will-navigate', (event, url) => {
    const u = new URL(url)
    // In-app routing changes only the hash or path on our own origin; everything else is refused.
    if (u.protocol !== allowed.protocol || u.host !== allowed.host) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', event => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadURL(start)
  return win
}

/** Every permission request and check is denied but a clipboard write from our page (permissions.ts). */
export function lockPermissions(isTrusted: (url: string) => boolean): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(
      permissionAllowed(
        permission,
        { url: details.requestingUrl, isMainFrame: details.isMainFrame },
        isTrusted
      )
    )
  )
  session.defaultSession.setPermissionCheckHandler((_wc, permission, _origin, details) =>
    permissionAllowed(
      permission,
      { url: details.requestingUrl, isMainFrame: details.isMainFrame },
      isTrusted
    )
  )
}

export function preloadPath(mainDir: string): string {
  return path.join(mainDir, '../preload/index.js')
}
