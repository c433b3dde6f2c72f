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
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`
  )
}

/**
 * `durable`: the data and the rename reach the disk before this resolves (fsync of the file, then
 * of its folder): the backup of review decisions, which a power cut right after a decision must
 * not lose (issue #19). Exports skip it: they can be made again.
 */
export async function writeWhole(
  target: string,
  data: string | Uint8Array,
  opts: { durable?: boolean } = {}
): Promise<void> {
  const tmp = tempBeside(target)
  try {
    const fh = await fs.open(tmp, 'wx')
    try {
      await fh.writeFile(data)
      if (opts.durable) await fh.sync()
    } finally {
      await fh.close()
    }
    await fs.rename(tmp, target)
    if (opts.durable) await syncFolder(path.dirname(target))
  } finally {
    await fs.rm(tmp, { force: true }).catch(() => undefined)
  }
}

/** fsync of a folder, so that a rename in it is on disk; folders cannot be opened so on Windows. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const fh = await fs.open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}
