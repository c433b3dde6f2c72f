/**
 * A reader for an export: its own connection inside one read transaction (WAL snapshot), so every
 * part of a file agrees while the watcher keeps writing, and an export never joins a pipeline
 * transaction on the shared connection. An in-memory store has no second connection: its own.
 */
import { Db } from './db'
import type { Store } from './index'

export async function openReader(store: Store): Promise<{ db: Db; close(): Promise<void> }> {
  if (!store.path || store.path === ':memory:' || store.path.startsWith('file::memory:')) {
    return { db: store.db, close: async () => undefined }
  }
  const db = await Db.open(store.path)
  try {
    await db.exec('PRAGMA busy_timeout = 5000')
    await db.exec('BEGIN')
  } catch (err) {
    await db.close().catch(() => undefined)
    throw err
  }
  return {
    db,
    close: async () => {
      await db.exec('ROLLBACK').catch(() => undefined)
      await db.close()
    }
  }
}
