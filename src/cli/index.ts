/**
 * Nianbao's command line: `npm run cli -- <command> …`. Each command is one module registered in
 * COMMANDS; add a subcommand (e.g. `watch`) by adding its file and one line here.
 */
import { installStrayErrorHandlers } from '../core/process/stray-errors'
import { dbErrorText } from '../core/store/errors'
import { UsageError } from './args'
import { AUDIT_USAGE, auditCommand } from './audit'
import { processIo, type CliIo } from './io'
import { SERVE_USAGE, serveCommand } from './serve'
import { WATCH_USAGE, watchCommand } from './watch'

export interface Command {
  usage: string
  run(argv: string[], io: CliIo): Promise<number>
}

export const COMMANDS: Record<string, Command> = {
  audit: { usage: AUDIT_USAGE, run: auditCommand },
  watch: { usage: WATCH_USAGE, run: (argv, io) => watchCommand(argv, io) },
  serve: { usage: SERVE_USAGE, run: (argv, io) => serveCommand(argv, io) }
}

function usage(): string {
  return `用法：\n${Object.values(COMMANDS)
    .map(c => `  ${c.usage}`)
    .join('\n')}`
}

/** Runs the CLI and returns the exit status (never calls process.exit itself). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.err(usage())
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`未知命令：${name}\n${usage()}`)
    return 2
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`错误：${err.message}`)
      return 2
    }
    io.err(
      `运行失败：${dbErrorText(err) ?? (err instanceof Error ? (err.stack ?? err.message) : String(err))}`
    )
    return 1
  }
}

// Run only when executed directly (tsx src/cli/index.ts), not when imported by tests.
if (require.main === module) {
  // audit, watch and serve alike: a stray rejection is logged, not an exit (issue #19).
  installStrayErrorHandlers({ error: m => processIo.err(m) })
  void main(process.argv.slice(2)).then(code => {
    process.exitCode = code
  })
}
