/** Minimal argument parsing shared by subcommands: positionals and `--flag value` options. */

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[]
  options: Map<string, string>
}

/** `allowed` lists the option names (without dashes) that take a value. */
export function parseArgs(argv: string[], allowed: readonly string[]): ParsedArgs {
  const positionals: string[] = []
  const options = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2)
      if (!allowed.includes(name)) throw new UsageError(`未知选项：--${name}`)
      let value: string | undefined
      if (eq > 0) value = a.slice(eq + 1)
      else {
        value = argv[i + 1]
        i++
      }
      if (value === undefined || value === '') throw new UsageError(`选项 --${name} 需要一个值`)
      if (options.has(name)) throw new UsageError(`选项 --${name} 重复`)
      options.set(name, value)
    } else {
      positionals.push(a)
    }
  }
  return { positionals, options }
}
