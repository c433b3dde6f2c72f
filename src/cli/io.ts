/** The CLI's side effects, injectable so tests can run commands in-process. */
export interface CliIo {
  out(text: string): void
  err(line: string): void
  /** Overwrites the progress line on a terminal; '' clears it. */
  progress(line: string): void
  stderrIsTty: boolean
}

export const processIo: CliIo = {
  out: text => void process.stdout.write(text),
  err: line => void process.stderr.write(`${line}\n`),
  progress: line => {
    const cols = process.stderr.columns || 80
    process.stderr.write(`\r\x1b[K${line.slice(0, cols - 1)}`)
  },
  stderrIsTty: Boolean(process.stderr.isTTY)
}
