/** SHA-256 of a file's content: the identity that decides whether a file must be re-read. */
import { createHash } from 'node:crypto'

export function sha256(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
