/** Watched folders: add, remove, rescan, their state; a report's file on disk. */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fail, ok } from '../../../shared/api'
import { broadFolderReason, folderOf, isPathInside, normalizeFolder } from '../../fs/path-guard'
import { fileOfReport } from '../../store/files'
import { getFolderPolling, setFolderPolling } from '../../store/queries/settings'
import { notAvailable, watchedMatch, type Service, type ServiceContext } from '../context'

export function folderHandlers(ctx: ServiceContext) {
  const { watcher, opts } = ctx
  return {
    getWatchStatus: () => ctx.withStore(async () => ok(await ctx.watchStatus())),
    pickFolder: () => notAvailable('选择文件夹对话框'),

    addWatchedFolder: a =>
      ctx.withStore(async s => {
        if (!path.isAbsolute(a.path)) return fail('INVALID_ARGUMENT', `须为完整路径：${a.path}`)
        const root = normalizeFolder(a.path)
        const st = await fs.stat(root).catch(() => null)
        if (!st?.isDirectory())
          return fail('FOLDER_UNAVAILABLE', `文件夹不存在或无法访问：${a.path}`)
        const broad = broadFolderReason(root, opts.homeDir ?? os.homedir())
        if (broad) return fail('PATH_NOT_ALLOWED', broad)
        const dbDir = path.dirname(path.resolve(s.path))
        if (isPathInside(dbDir, root)) {
          return fail('PATH_NOT_ALLOWED', '不能监视包含本程序数据库的文件夹')
        }
        const current = (await s.getSettings()).watchedFolders
        const existing = await watchedMatch(s, root)
        const polling = await getFolderPolling(s.db)
        const mode = a.polling ?? polling[existing ?? root] ?? 'auto'
        const key = existing ?? root
        if (!existing) await s.setSetting('watchedFolders', [...current, root])
        await setFolderPolling(s.db, { ...polling, [key]: mode })
        await watcher.add(key, mode)
        ctx.emit({ type: 'changed', reason: 'settings' })
        return ok(await ctx.watchStatus())
      }),

    removeWatchedFolder: a =>
      ctx.withStore(async s => {
        const existing = await watchedMatch(s, a.path)
        if (!existing) return fail('NOT_FOUND', `该文件夹未被监视：${a.path}`)
        const current = (await s.getSettings()).watchedFolders
        await s.setSetting(
          'watchedFolders',
          current.filter(f => f !== existing)
        )
        const polling = await getFolderPolling(s.db)
        delete polling[existing]
        await setFolderPolling(s.db, polling)
        await watcher.remove(existing)
        ctx.emit({ type: 'changed', reason: 'settings' })
        return ok(await ctx.watchStatus())
      }),

    rescan: a =>
      ctx.withStore(async s => {
        if (a.path !== undefined) {
          const existing = await watchedMatch(s, a.path)
          if (!existing) return fail('PATH_NOT_ALLOWED', `只能重新扫描被监视的文件夹：${a.path}`)
          await watcher.rescan(existing)
        } else {
          await watcher.rescan()
        }
        return ok(await ctx.watchStatus())
      }),

    revealFile: () => notAvailable('在文件夹中显示'),
    openFile: () => notAvailable('打开原文件'),
    reportFile: (reportId: number) =>
      ctx.withStore(async s => {
        const row = await fileOfReport(s.db, reportId)
        if (!row) return fail('NOT_FOUND', `找不到报告（编号 ${reportId}）`)
        const abs = path.resolve(row.root, row.path)
        const folders = (await s.getSettings()).watchedFolders
        if (!folderOf(abs, folders)) return fail('PATH_NOT_ALLOWED', '该文件不在被监视的文件夹中')
        return ok(abs)
      })
  } satisfies Partial<Service>
}
