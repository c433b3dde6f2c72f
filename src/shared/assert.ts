/**
 * Exhaustiveness: the `default` of a switch over a closed union (rule ids, rule groups, severities,
 * table keys, file formats, the proactive table's forms) calls assertNever, so adding a member to
 * the union fails `tsc` at every switch that does not handle it yet (GitHub Desktop's
 * lib/fatal-error.ts). At run time it is reached only by data that lies about its type.
 */
export function assertNever(x: never, message: string): never {
  throw new Error(`${message}: ${JSON.stringify(x)}`)
}
