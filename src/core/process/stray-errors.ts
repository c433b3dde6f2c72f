/**
 * A process-wide net under stray errors (issue #19). A rejection nothing awaited (pdfjs on one
 * byte-flipped PDF) ended `audit`, `watch` and `serve`: Node's default for an unhandled rejection
 * is to exit. Each is logged instead, and the process carries on: the file being read has its own
 * outcome (a worker's death is answered by the pool with an M03), and one lost promise must not
 * take the supervisor's whole session with it.
 */

export interface StrayLog {
  error(message: string): void
}

let installed: StrayLog | null = null

/** Installs the handlers once per process; later calls only replace where lines go. */
export function installStrayErrorHandlers(log: StrayLog): void {
  const first = installed === null
  installed = log
  if (!first) return
  const text = (err: unknown): string =>
    err instanceof Error ? (err.stack ?? err.message) : String(err)
  process.on('unhandledRejection', reason =>
    installed?.error(`未处理的异步错误（已记录，程序继续运行）：${text(reason)}`)
  )
  process.on('uncaughtException', err =>
    installed?.error(`未捕获的错误（已记录，程序继续运行）：${text(err)}`)
  )
}
