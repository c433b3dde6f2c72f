/**
 * The backup of what only the supervisor made (store/user-data.ts), kept beside the database:
 * written at once after a change and fsynced (store/user-data.ts saveUserData), and put back into
 * a new database when the old one was damaged or missing, at open or later (lifecycle.ts).
 */
import type { Logger } from '../logger'
import type { Store } from '../store/index'
import {
  loadUserData,
  readUserData,
  restoreUserData,
  saveUserData,
  userDataPath,
  type UserData
} from '../store/user-data'
import { errorMessage } from './errors'

export interface Backup {
  /** The backup file beside the database. */
  readonly file: string
  /**
   * A change to the supervisor's work: the backup is written at once (after any write in flight),
   * not 0.5 s later: a kill right after a decision lost it from the backup (issue #19). Changes
   * asked for while one write runs are one write after it.
   */
  soon(): void
  /** Resolves when every write asked for is done (a call is answered once its backup is on disk). */
  flush(): Promise<void>
  /** Puts the backup into a new database, when it holds anything; what was put back, or null. */
  restore(db: Store['db']): Promise<UserData | null>
}

export function createBackup(
  dbPath: string,
  store: () => Store | null,
  now: () => Date,
  logger: Logger
): Backup {
  const file = userDataPath(dbPath)
  let writing: Promise<void> = Promise.resolve()
  let queued = false
  const write = async (): Promise<void> => {
    // No store while a damaged database is replaced (index.ts): nothing is written from the
    // damaged file nor from the empty new one before the restore.
    const s = store()
    if (!s) return
    try {
      await saveUserData(file, await readUserData(s.db, now()))
    } catch (err) {
      logger.warn(`无法保存设置与审阅记录的备份 ${file}：${errorMessage(err)}`)
    }
  }
  return {
    file,
    soon: () => {
      if (queued) return
      queued = true
      writing = writing.then(() => {
        // Read when the write starts: every change made until then is in it.
        queued = false
        return write()
      })
    },
    flush: () => writing,
    async restore(db) {
      const saved = await loadUserData(file)
      // A history alone (every decision since withdrawn) is still the supervisor's record.
      if (
        !saved ||
        (saved.reviews.length === 0 &&
          saved.settings.length === 0 &&
          !saved.roster?.length &&
          !saved.history?.length &&
          !saved.conflicts?.length)
      )
        return null
      await restoreUserData(db, saved)
      return saved
    }
  }
}

/** What the start-up notice says of a backup put back into a new database. */
export function restoredText(saved: UserData): string {
  const at = saved.savedAt.slice(0, 16).replace('T', ' ')
  return `监视的文件夹、设置、单位合并与层级，以及 ${saved.reviews.length} 条审阅记录已从备份（${at}）恢复，报告正在重新读取。`
}
