/**
 * File system errors in the words the M03 findings use: one place for what the scan (a listed
 * entry it cannot open) and the read (pipeline-file.ts) say of the same codes.
 */

/** A file system error's code (EACCES, ENOENT…), or its message when it has none. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code
  return err instanceof Error ? err.message : String(err)
}

export const DENIED = '没有读取权限'

export function isDenied(err: unknown): boolean {
  const code = errorCode(err)
  return code === 'EACCES' || code === 'EPERM'
}

/** 没有读取权限 for an access refused, the code otherwise. */
export function accessText(err: unknown): string {
  return isDenied(err) ? DENIED : errorCode(err)
}
