/**
 * Electron main: thin by design. It opens the window, serves the renderer from app://, registers
 * the Api (src/core/service) on IPC, and adds the three things only a desktop shell can do:
 * native folder and save dialogs, and showing a file in the file manager. Everything else lives in
 * src/core and is tested in plain Node.
 */
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fail, IPC_EVENT_CHANNEL, ok, type ApiMethods } from '../shared/api'
import { installStrayErrorHandlers } from '../core/process/stray-errors'
import { createService, type Service } from '../core/service/index'
import { registerApi, trustedUrl } from './ipc'
import { isOpenableDocument } from './open-file'
import { registerAppScheme, serveRenderer } from './protocol'
import { createMainWindow, lockPermissions, preloadPath } from './window'

registerAppScheme()
// A stray rejection (a reader's, a library's) is logged, not the end of the supervisor's session.
installStrayErrorHandlers(console)
app.enableSandbox()
// One data folder whatever the product name is displayed as (%APPDATA%\nianbao, ~/.config/nianbao).
app.setPath('userData', path.join(app.getPath('appData'), 'nianbao'))

let service: Service | null = null
let win: BrowserWindow | null = null

/**
 * Paths the save dialog returned: an export with a path is written only there (or, without one,
 * into the exports folder), so that a compromised page cannot overwrite a file of its choosing.
 */
const chosenExportPaths = new Set<string>()

function nativeMethods(
  svc: Service
): Pick<
  ApiMethods,
  'pickFolder' | 'pickExportPath' | 'revealFile' | 'openFile' | 'exportXlsx' | 'exportNotices'
> {
  const chosen = (p: string | undefined): boolean =>
    p === undefined || chosenExportPaths.has(path.resolve(p))
  const notChosen = fail<never>('PATH_NOT_ALLOWED', '导出位置须通过“导出”对话框选择')
  return {
    exportXlsx: a => (chosen(a?.path) ? svc.exportXlsx(a) : Promise.resolve(notChosen)),
    exportNotices: a => (chosen(a?.path) ? svc.exportNotices(a) : Promise.resolve(notChosen)),
    async pickFolder() {
      const o: Electron.OpenDialogOptions = {
        title: '选择存放年度报告的文件夹',
        properties: ['openDirectory']
      }
      const r = await (win ? dialog.showOpenDialog(win, o) : dialog.showOpenDialog(o))
      return ok(r.canceled ? null : (r.filePaths[0] ?? null))
    },
    async pickExportPath({ defaultName, kind = 'xlsx' }) {
      const o: Electron.SaveDialogOptions = {
        title: kind === 'docx' ? '导出整改意见' : '导出 Excel',
        defaultPath: path.join(app.getPath('documents'), path.basename(defaultName)),
        filters: [
          kind === 'docx'
            ? { name: 'Word 文档', extensions: ['docx'] }
            : { name: 'Excel 工作簿', extensions: ['xlsx'] }
        ]
      }
      const r = await (win ? dialog.showSaveDialog(win, o) : dialog.showSaveDialog(o))
      if (r.canceled || !r.filePath) return ok(null)
      const chosenPath = r.filePath.toLowerCase().endsWith(`.${kind}`)
        ? r.filePath
        : `${r.filePath}.${kind}`
      chosenExportPaths.add(path.resolve(chosenPath))
      return ok(chosenPath)
    },
    async revealFile({ reportId }) {
      const file = await svc.reportFile(reportId)
      if (!file.ok) return file
      // A file since deleted, or one whose name is GBK bytes (shown by its GB18030 name, which is
      // not the name on disk): its folder is opened instead.
      if (existsSync(file.value)) shell.showItemInFolder(file.value)
      else void shell.openPath(path.dirname(file.value))
      return ok(null)
    },
    async openFile({ reportId }) {
      const file = await svc.reportFile(reportId)
      if (!file.ok) return file
      if (!isOpenableDocument(file.value)) {
        shell.showItemInFolder(file.value)
        return fail('NOT_AVAILABLE', '这不是文档类文件，出于安全考虑不直接打开，已在文件夹中显示')
      }
      if (!existsSync(file.value)) {
        // Moved away, or a GBK name from a Windows zip (shown by its GB18030 reading, which is not
        // the name on disk; shell takes names as text): its folder is the most that can be opened.
        if (!existsSync(path.dirname(file.value)))
          return fail('NOT_FOUND', `文件已不存在：${file.value}`)
        void shell.openPath(path.dirname(file.value))
        return fail(
          'NOT_FOUND',
          '找不到该文件（已移走或改名，或文件名不是 UTF-8 编码），已打开它所在的文件夹'
        )
      }
      // '' when it opened; otherwise the system's words (no program for .ofd, for one).
      const err = await shell.openPath(file.value)
      return err ? fail('IO_ERROR', `无法打开原文件：${err}`) : ok({ downloadUrl: null })
    }
  }
}

async function start(): Promise<void> {
  const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined
  lockPermissions(trustedUrl(devServerUrl))
  serveRenderer(path.join(__dirname, '../renderer'))
  const userData = app.getPath('userData')
  const svc = createService({
    dbPath: path.join(userData, 'nianbao.sqlite'),
    exportDir: path.join(userData, 'exports'),
    transport: 'ipc',
    version: app.getVersion(),
    logger: console
  })
  service = svc
  registerApi(ipcMain, { ...svc, ...nativeMethods(svc) }, trustedUrl(devServerUrl))
  svc.onEvent(e => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e)
  })
  const ready = await svc.ready()
  if (!ready.ok) dialog.showErrorBox('年报审查台无法启动', ready.error.message)
  win = createMainWindow({
    preload: preloadPath(__dirname),
    devServerUrl,
    devTools: !app.isPackaged
  })
  const notice = svc.startupNotice()
  if (notice)
    void dialog.showMessageBox(win, {
      type: 'warning',
      title: '年报审查台',
      message: '数据库已重建',
      detail: notice
    })
  win.on('closed', () => {
    win = null
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })
  // Any other web contents (there should be none) gets the same lockdown as the main window.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('年报审查台无法启动', err instanceof Error ? err.message : String(err))
    app.quit()
  })
  app.on('window-all-closed', () => app.quit())
  let closing = false
  app.on('before-quit', event => {
    if (closing || !service) return
    // Let the running ingest commit before the process exits.
    event.preventDefault()
    closing = true
    void service.close().finally(() => app.quit())
  })
}
