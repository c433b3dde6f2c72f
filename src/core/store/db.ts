/**
 * A small promise wrapper over node-sqlite3. node-sqlite3 costs tens of µs per statement call, so
 * bulk writes go through `runBatched` (multi-row VALUES) inside one transaction.
 */
import sqlite3 from 'sqlite3'

export type SqlValue = string | number | bigint | Buffer | null
export type Params = SqlValue[] | Record<string, SqlValue>

export class Db {
  private constructor(
    readonly raw: sqlite3.Database,
    readonly path: string
  ) {}

  static open(path: string): Promise<Db> {
    return new Promise((resolve, reject) => {
      const raw = new sqlite3.Database(path, err => {
        if (err) reject(err)
        else resolve(new Db(raw, path))
      })
    })
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.raw.exec(sql, err => (err ? reject(err) : resolve()))
    )
  }

  run(sql: string, params: Params = []): Promise<{ lastID: number; changes: number }> {
    return new Promise((resolve, reject) =>
      this.raw.run(sql, params, function (err) {
        if (err) reject(err)
        else resolve({ lastID: this.lastID, changes: this.changes })
      })
    )
  }

  all<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.raw.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))
    )
  }

  get<T = Record<string, unknown>>(sql: string, params: Params = []): Promise<T | undefined> {
    return new Promise((resolve, reject) =>
      this.raw.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined)))
    )
  }

  /**
   * Runs `fn` inside BEGIN IMMEDIATE … COMMIT; rolls back on any error. Calls are serialised so two
   * transactions never interleave on the one connection.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      await this.exec('BEGIN IMMEDIATE')
      this.rollbacks = []
      try {
        const out = await fn()
        await this.exec('COMMIT')
        return out
      } catch (err) {
        await this.exec('ROLLBACK').catch(() => undefined)
        for (const undo of this.rollbacks) undo()
        throw err
      } finally {
        this.rollbacks = []
      }
    })
    // Not `next.catch(…)`: that would keep the last transaction's result alive until the next one.
    this.queue = next.then(
      () => undefined,
      () => undefined
    )
    return next
  }
  private queue: Promise<unknown> = Promise.resolve()
  private rollbacks: (() => void)[] = []

  /**
   * Inside a transaction: `undo` runs if it rolls back (a cache of what the database holds, updated
   * in the transaction, goes back with it).
   */
  onRollback(undo: () => void): void {
    this.rollbacks.push(undo)
  }

  /**
   * INSERT many rows with as few statement calls as possible: `INSERT INTO t (a,b) VALUES (?,?),(?,?)…`
   * in chunks under SQLite's variable limit. `head` is everything before VALUES; `tail` (optional)
   * follows the values (e.g. an ON CONFLICT clause).
   */
  async runBatched(head: string, rows: SqlValue[][], tail = ''): Promise<void> {
    if (rows.length === 0) return
    const width = rows[0]!.length
    const perChunk = Math.max(1, Math.floor(30000 / width))
    const tuple = `(${new Array(width).fill('?').join(',')})`
    for (let i = 0; i < rows.length; i += perChunk) {
      const chunk = rows.slice(i, i + perChunk)
      const sql = `${head} VALUES ${new Array(chunk.length).fill(tuple).join(',')} ${tail}`
      await this.run(sql, chunk.flat())
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.raw.close(err => (err ? reject(err) : resolve())))
  }
}
