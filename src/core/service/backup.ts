/**
 * The backup of what only the supervisor made (store/user-data.ts), kept beside the database:
 * written 0.5 s after a change (a note typed key by key is one write) and at close, and put back
 * into a new database when the old one was damaged or missing (lifecycle.ts).
 */
import type { Logger } from '../logger'
import type { Store } from '../store/index'
import { loadUserData, readUserData, restoreUserData, saveUserData, userDataPath, type UserData } from '../store/user-data'
import { errorMessage } from './errors'

export interface Backup {
  /** The backup file beside the database. */
  readonly file: string
  /** A change to the supervisor's work: write the backup soon. */
  soon(): void
  /** Writes the backup now if one is due; resolves when every write asked for is done. */
  flush(): Promise<void>
  /** Puts the backup into a new database, when it holds anything; what was put back, or null. */
  restore(db: Store['db']): Promise<UserData | null>
}

export function createBackup(dbPath: string, store: () => Store | null, now: () => Date, logger: Logger): Backup {
  const file = userDataPath(dbPath)
  let timer: ReturnType<typeof setTimeout> | null = null
  let writing: Promise<void> = Promise.resolve()
  const write = async (): Promise<void> => {
    const s = store()
    if (!s) return
    try {
      await saveUserData(file, await readUserData(s.db, now()))
    } catch (err) {
      logger.warn(`无法保存设置与审阅记录的备份 ${file}：${errorMessage(err)}`)
    }
  }
  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer)
      timer = null
      writing = writing.then(write)
    }
    return writing
  }
  return {
    file,
    soon: () => {
      timer ??= setTimeout(() => void flush(), 500)
    },
    flush,
    async restore(db) {
      const saved = await loadUserData(file)
      if (!saved || (saved.reviews.length === 0 && saved.settings.length === 0 && !saved.roster?.length)) return null
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
