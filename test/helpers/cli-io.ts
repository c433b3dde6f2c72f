/** The CLI run in-process with a recording CliIo: shared by the CLI tests (cli, cli-roster, cli-bulletin). */
import { main } from '../../src/cli/index'
import type { CliIo } from '../../src/cli/io'

export type FakeIo = CliIo & { stdout: string; stderr: string[] }

export function fakeIo(): FakeIo {
  const io = {
    stdout: '',
    stderr: [] as string[],
    out: (t: string) => void (io.stdout += t),
    err: (l: string) => void io.stderr.push(l),
    progress: () => undefined,
    stderrIsTty: false
  }
  return io
}

/** main() with a fresh FakeIo; a thrown error becomes exit code 2 with its message on stderr. */
export async function runCli(args: string[]): Promise<{ code: number; io: FakeIo }> {
  const io = fakeIo()
  const code = await main(args, io).catch((err: unknown) => {
    io.stderr.push(err instanceof Error ? err.message : String(err))
    return 2
  })
  return { code, io }
}

/** A report's keys in the CLI JSON, in ../shared/spec/cli.md's order (an OCR'd report adds `ocr`). */
export const CLI_REPORT_KEYS = [
  'file',
  'sha256',
  'format',
  'agency',
  'year',
  'template',
  'tables',
  'findings'
]
