/** What the bench scripts share: `--name value` from the command line, and CPU time since a mark. */

/** The value after `--name`, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback
}

/** CPU of this process (all its threads) since `since`, in ms. */
export const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}
