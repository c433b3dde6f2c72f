/** Small helpers the service's rooms share: an error's text and a time for a file name. */

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** A time for a file name: 20261124-063005 (UTC). */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d*Z$/, '')
    .replace('T', '-')
}
