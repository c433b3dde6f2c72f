/** What the app is and where its files are (设置 › 数据与备份). */
import { promises as fs } from 'node:fs'
import { ok } from '../../../shared/api'
import type { Service, ServiceContext } from '../context'

export function appHandlers(ctx: ServiceContext) {
  return {
    getAppInfo: () =>
      ctx.withStore(async s =>
        ok({
          version: ctx.opts.version ?? '0.0.0',
          transport: ctx.opts.transport ?? 'ipc',
          dbPath: s.path,
          platform: process.platform,
          userDataPath: ctx.backup.file,
          userDataSavedAt: await fs.stat(ctx.backup.file).then(
            st => st.mtime.toISOString(),
            () => null
          )
        })
      )
  } satisfies Partial<Service>
}
