/**
 * The screens' aggregate reads kept per connection while the data stays the same (bench/, the
 * 100,000-report queries). The overview, the matrix's and the agency list's per-agency rows and a
 * report list's order cost a pass over every report; between two ingests the screens ask for them
 * again and again (another page, back to 总览, the filter bar and the screen asking together).
 *
 * Valid while nothing was written: the stamp is total_changes() (every row this connection
 * inserted, updated or deleted: ingest, re-reads, deletions, decisions, merges, roster edits,
 * settings — the app's and the CLI's only writer) with PRAGMA data_version (moves when another
 * connection commits, e.g. a CLI run on the same database). Any write empties the whole cache: no
 * entry needs to know which writes concern it. store/queries/coverage.ts and reports.ts
 * (adjacentReports) stamp their caches the same way.
 *
 * A read started before a write may finish after it: its result is filed under the stamp read
 * before it started, which no later call sees again (the counters only move forward).
 */
import type { Db } from '../db'

interface Entries {
  stamp: string
  byKey: Map<string, Promise<unknown>>
}

const caches = new WeakMap<Db, Entries>()

/**
 * Entries kept per stamp: a few filters and sorts of each screen; the least recently used goes
 * first. The largest, a report order, is one number per report (~1 MB at 100,000).
 */
const MAX_ENTRIES = 48

export async function dataStamp(db: Db): Promise<string> {
  const s = await db.get<{ c: number; v: number }>(
    'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v'
  )
  return `${s?.c ?? 0}:${s?.v ?? 0}`
}

/**
 * `compute()`'s result for `key`, computed once per data stamp. Callers must not change what it
 * returns (it is shared): copy before editing.
 */
export async function cachedRead<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const stamp = await dataStamp(db)
  let c = caches.get(db)
  if (c?.stamp !== stamp) caches.set(db, (c = { stamp, byKey: new Map() }))
  const hit = c.byKey.get(key) as Promise<T> | undefined
  if (hit) {
    // Most recently used last (a Map keeps insertion order).
    c.byKey.delete(key)
    c.byKey.set(key, hit)
    return hit
  }
  const entries = c.byKey
  const p = compute()
  entries.set(key, p)
  // A failed read is not kept: the next call tries again.
  p.catch(() => entries.get(key) === p && entries.delete(key))
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  return p
}

/** What `cachedRead` keeps for `key` under the current stamp, without computing it. */
export async function keptRead<T>(db: Db, key: string): Promise<Promise<T> | undefined> {
  const stamp = await dataStamp(db)
  const c = caches.get(db)
  return c?.stamp === stamp ? (c.byKey.get(key) as Promise<T> | undefined) : undefined
}
