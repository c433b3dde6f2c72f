import { promises as fs } from 'node:fs'
import path from 'node:path'

/**
 * SQLite's errors in words a supervisor can act on. They reached the window as "处理失败：SQLITE_FULL:
 * database or disk is full", and a rescan that failed so marked its folder unavailable, as if the
 * folder were the problem.
 */
export function dbErrorText(err: unknown): string | null {
  const raw = err instanceof Error ? err.message : String(err)
  const text = DB_ERRORS[/SQLITE_[A-Z]+/.exec(raw)?.[0] ?? '']
  return text ? `${text}（${raw}）` : null
}

/** Below this much free space in the database's folder, a failed write is a full disk. */
const FULL_BELOW = 8 * 1024 * 1024

/**
 * The same, naming the real cause where SQLite's code does not: on a full disk SQLite often
 * fails with SQLITE_IOERR or SQLITE_CANTOPEN (no room for the journal), which read as
 * "磁盘或网络故障" (issue #19). The free space of the database's folder decides.
 */
export async function dbErrorCause(err: unknown, dbPath: string): Promise<string | null> {
  const raw = err instanceof Error ? err.message : String(err)
  const code = (err as { code?: unknown } | null)?.code
  if (/SQLITE_(IOERR|CANTOPEN|FULL)/.test(raw) || code === 'ENOSPC') {
    const free = await freeBytes(path.dirname(dbPath))
    if (free !== null && free < FULL_BELOW)
      return `${DB_ERRORS['SQLITE_FULL']!}（剩余 ${Math.round(free / 1024)} KB；${raw}）`
  }
  return dbErrorText(err)
}

async function freeBytes(dir: string): Promise<number | null> {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      const st = await fs.statfs(d)
      return st.bavail * st.bsize
    } catch {
      if (path.dirname(d) === d) return null
    }
  }
}

const DB_ERRORS: Record<string, string> = {
  SQLITE_FULL: '磁盘空间不足，数据库无法写入：请清理磁盘后重新扫描',
  SQLITE_READONLY: '数据库文件只读，无法写入：请检查文件和文件夹的权限',
  SQLITE_BUSY: '数据库正被其他程序占用：请关闭其他打开它的程序后重试',
  SQLITE_LOCKED: '数据库正被其他程序占用：请关闭其他打开它的程序后重试',
  // The service sets a damaged file aside and rebuilds at once (service/index.ts); this is what
  // the CLI, which is given its database, says.
  SQLITE_CORRUPT:
    '数据库文件已损坏：请换用新的数据库文件（--db），或把该文件移到别处后重新运行；桌面程序会自动另存损坏的文件并从备份恢复',
  SQLITE_NOTADB:
    '该文件不是本程序的数据库，或已损坏：请换用新的数据库文件（--db），或把该文件移到别处后重新运行；桌面程序会自动另存损坏的文件并从备份恢复',
  SQLITE_IOERR: '读写数据库文件时出错（磁盘或网络故障）：请检查磁盘后重试',
  SQLITE_CANTOPEN: '无法打开数据库文件：请检查路径和权限'
}
