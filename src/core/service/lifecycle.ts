/**
 * Opening the database: created if needed; a damaged file (at open, or found later: rebuildDamaged)
 * set aside and a new one started from the backup; a missing one (moved, deleted by a cleaner or an
 * antivirus) also started from the backup, since starting empty would then write an empty backup
 * over the supervisor's work.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../logger'
import { openStore, type Store } from '../store/index'
import { restoredText, type Backup } from './backup'
import { errorMessage, fileStamp } from './errors'

/**
 * A database file SQLite cannot read as one (damaged on disk, overwritten, encrypted by a tool).
 * Not a locked, unreachable or newer-version file: those are refused, and the file left alone.
 */
export function isDamaged(err: unknown): boolean {
  return /SQLITE_(NOTADB|CORRUPT)/.test(errorMessage(err))
}

/** Renames the database and its WAL and shared-memory files aside; returns the new name. */
async function setAside(dbPath: string, at: Date): Promise<string> {
  const aside = `${dbPath}.damaged-${fileStamp(at)}`
  await fs.rename(dbPath, aside)
  for (const suffix of ['-wal', '-shm'])
    await fs.rename(dbPath + suffix, aside + suffix).catch(() => undefined)
  return aside
}

/**
 * Opens the store; `notice` is what the user must be told (a damaged file set aside, a backup put
 * back), or null. Throws what cannot be helped (a read-only profile, a full disk).
 */
export async function openDatabase(
  dbPath: string,
  backup: Pick<Backup, 'restore'>,
  now: () => Date,
  logger: Logger
): Promise<{ store: Store; notice: string | null }> {
  await fs.mkdir(path.dirname(dbPath), { recursive: true })
  const existed = await fs.stat(dbPath).then(
    () => true,
    () => false
  )
  try {
    const store = await openStore(dbPath)
    const saved = existed ? null : await backup.restore(store.db)
    if (!saved) return { store, notice: null }
    const notice = `数据库文件 ${dbPath} 不存在，已新建：` + restoredText(saved)
    logger.warn(notice)
    return { store, notice }
  } catch (err) {
    if (!isDamaged(err)) throw err
    // Without this the app failed at every start until someone found and deleted the file.
    // The reports come back from the folders; the supervisor's own work from the backup.
    const aside = await setAside(dbPath, now())
    const store = await openStore(dbPath)
    const saved = await backup.restore(store.db)
    const notice =
      `数据库文件已损坏，无法打开（${errorMessage(err)}）。原文件已改名保留为 ${aside}，并已新建数据库：` +
      (saved
        ? restoredText(saved)
        : '请重新添加要监视的文件夹，报告会重新读取；此前的审阅记录仍在原文件中。')
    logger.warn(notice)
    return { store, notice }
  }
}

/**
 * The database found damaged after it opened (SQLITE_CORRUPT or NOTADB on a later call: a bad
 * sector, a sync tool writing over it): every call said "请重启程序" and restarting changed nothing
 * (issue #19). The closed file is set aside and a new one opened, the supervisor's work put back
 * from the backup, as at open. The caller (index.ts) stops the old store and runner first, and
 * reads the folders again after.
 */
export async function rebuildDamaged(
  dbPath: string,
  cause: unknown,
  backup: Pick<Backup, 'restore'>,
  now: () => Date,
  logger: Logger
): Promise<{ store: Store; notice: string }> {
  const aside = await setAside(dbPath, now())
  const store = await openStore(dbPath)
  const saved = await backup.restore(store.db)
  const notice =
    `使用中发现数据库文件已损坏（${errorMessage(cause)}）。原文件已改名保留为 ${aside}，并已新建数据库：` +
    (saved
      ? restoredText(saved)
      : '请重新添加要监视的文件夹，报告会重新读取；此前的审阅记录仍在原文件中。')
  logger.warn(notice)
  return { store, notice }
}
