/**
 * Files written whole or not at all: into a temp file beside the target, renamed over it at the end
 * (a rename within one folder is atomic), the temp file removed whatever happened. The exports and
 * the backup of the supervisor's work all write this way, so a crash or a full disk never leaves
 * half a file under the real name.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'

/** A hidden temp name beside `target`, unique to this process and call. */
export function tempBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
}

export async function writeWhole(target: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempBeside(target)
  try {
    await fs.writeFile(tmp, data, { flag: 'wx' })
    await fs.rename(tmp, target)
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
  }
}
