/**
 * Where the core reports what happened (a file that could not be read, a worker restarted): the
 * Electron main process, the CLI and the tests each pass their own; the core never prints.
 */
export interface Logger {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined
}
