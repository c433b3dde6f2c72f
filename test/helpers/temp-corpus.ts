/** Temporary copies of the shared corpus (which is read-only) and a temporary store. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openStore, type Store } from '../../src/core/store/index'

export const SAMPLES = path.resolve(__dirname, '../../../shared/corpus/samples')
export const REAL = path.resolve(__dirname, '../../../shared/corpus/real')

export function sampleNames(): string[] {
  return readdirSync(SAMPLES)
    .filter(n => n.endsWith('.txt'))
    .sort()
}

export interface Sandbox {
  dir: string
  folder: string
  dbPath: string
  store: Store
  cleanup(): Promise<void>
}

/** A temp dir holding `folder/` (copies of the samples, unless `copySamples` is false) and a db. */
export async function sandbox(copySamples = true): Promise<Sandbox> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-test-'))
  const folder = path.join(dir, 'reports')
  mkdirSync(folder)
  if (copySamples)
    for (const n of sampleNames()) copyFileSync(path.join(SAMPLES, n), path.join(folder, n))
  const dbPath = path.join(dir, 'db.sqlite')
  const store = await openStore(dbPath)
  return {
    dir,
    folder,
    dbPath,
    store,
    async cleanup() {
      await store.close().catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A clock that advances one minute per call, so each write has a distinct, known time. */
export function steppingClock(start = Date.UTC(2024, 1, 1)): () => Date {
  let t = start
  return () => new Date((t += 60_000))
}
