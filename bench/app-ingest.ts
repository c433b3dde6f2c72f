/**
 * npx tsx bench/app-ingest.ts <folder> <database>
 *
 * The desktop app's own path for a folder of reports: the service (createService, as the Electron
 * main process and `npm run serve` use it) adds the folder as a watched folder — a native watch and
 * the start-up rescan — and waits until it is idle. Prints {"sec", "peakRssMB", "rssAfterMB",
 * "files"} as JSON. `npm run bench` runs it in a child process, so the peak is the app's alone, its
 * folder watch included (the in-process figures measure the pipeline only).
 */
import { createService } from '../src/core/service/index'

async function main(): Promise<void> {
  const [folder, dbPath] = process.argv.slice(2)
  if (!folder || !dbPath) throw new Error('用法：npx tsx bench/app-ingest.ts <报告文件夹> <数据库>')
  const service = createService({ dbPath, autoWatch: false })
  try {
    const ready = await service.ready()
    if (!ready.ok) throw new Error(ready.error.message)
    const t = performance.now()
    const idle = new Promise<void>(resolve => {
      const off = service.onEvent(e => {
        if (e.type !== 'idle') return
        off()
        resolve()
      })
    })
    const added = await service.addWatchedFolder({ path: folder })
    if (!added.ok) throw new Error(added.error.message)
    await idle
    const sec = Math.round(performance.now() - t) / 1000
    const status = await service.getWatchStatus()
    const files = status.ok ? (status.value.folders[0]?.files ?? 0) : 0
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024)
    const rssAfterMB = Math.round(process.memoryUsage.rss() / 1048576)
    process.stdout.write(`${JSON.stringify({ sec, peakRssMB, rssAfterMB, files })}\n`)
  } finally {
    await service.close()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err))
  process.exit(1)
})
