/**
 * npx tsx bench/query-profile.ts <bench.sqlite> [--rounds R] [--plans] [--only name,…]
 *
 * Where the screens' queries spend their time, over a database a bench run kept: each query the
 * bench measures (bench/measure.ts queryLatency) is run R times straight on the store functions,
 * and every SQL statement it issues is timed (wall) with the CPU of the whole process around it.
 * `--plans` prints EXPLAIN QUERY PLAN of each distinct statement once. CPU is the figure to trust
 * on a shared machine: wall time grows with the other work on it.
 */
import { Db, type Params } from '../src/core/store/db'
import { openStore } from '../src/core/store/index'
import { listAgencies } from '../src/core/store/queries/agencies'
import { matrix, overview } from '../src/core/store/queries/overview'
import { listReports } from '../src/core/store/queries/reports'
import { trends } from '../src/core/store/queries/trends'
import { YEARS } from './corpus-data'
import { percentile } from './measure'

interface Stat {
  n: number
  wall: number[]
  cpu: number[]
}

async function main(): Promise<void> {
  const [dbPath, ...rest] = process.argv.slice(2)
  if (!dbPath) throw new Error('用法：npx tsx bench/query-profile.ts <bench.sqlite> [--rounds R]')
  const at = rest.indexOf('--rounds')
  const rounds = at >= 0 ? Number(rest[at + 1]) : 5
  const plans = rest.includes('--plans')
  const oi = rest.indexOf('--only')
  const only = oi >= 0 ? new Set(rest[oi + 1]!.split(',')) : null
  const store = await openStore(dbPath)
  const db = store.db
  // Every statement timed: wrap the two read calls of this Db.
  const bySql = new Map<string, Stat & { query: string }>()
  let current = ''
  const seen = new Set<string>()
  const wrap = <K extends 'all' | 'get'>(k: K): void => {
    const orig = Db.prototype[k] as (sql: string, params?: Params) => Promise<unknown>
    ;(db as unknown as Record<string, unknown>)[k] = async (sql: string, params?: Params) => {
      const norm = sql.replace(/\s+/g, ' ').trim()
      if (plans && !seen.has(norm)) {
        seen.add(norm)
        const plan = await Db.prototype.all.call(db, `EXPLAIN QUERY PLAN ${sql}`, params)
        console.log(`\n=== [${current}] ${norm.slice(0, 160)}…`)
        for (const p of plan as { detail: string; parent: number; id: number }[])
          console.log(`  ${p.parent} ${p.id} ${p.detail}`)
      }
      const c = process.cpuUsage()
      const t = performance.now()
      const out = await orig.call(db, sql, params)
      const wall = performance.now() - t
      const d = process.cpuUsage(c)
      const key = `${current}: ${norm.length > 200 ? `…${norm.slice(-150)}` : norm}`
      const s = bySql.get(key) ?? { n: 0, wall: [], cpu: [], query: current }
      s.n++
      s.wall.push(wall)
      s.cpu.push((d.user + d.system) / 1000)
      bySql.set(key, s)
      return out
    }
  }
  wrap('all')
  wrap('get')
  const byQuery = new Map<string, Stat>()
  const time = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    if (only && !only.has(name)) return
    current = name
    const c = process.cpuUsage()
    const t = performance.now()
    await fn()
    const wall = performance.now() - t
    const d = process.cpuUsage(c)
    const s = byQuery.get(name) ?? { n: 0, wall: [], cpu: [] }
    s.n++
    s.wall.push(wall)
    s.cpu.push((d.user + d.system) / 1000)
    byQuery.set(name, s)
  }
  const page = { offset: 0, limit: 50 }
  for (let i = 0; i < rounds; i++) {
    const year = YEARS[i % YEARS.length]!
    await time('getOverview', () => overview(db, {}))
    await time('getOverview(filtered)', () => overview(db, { years: [year], severity: 'error' }))
    await time('listAgencies', () =>
      listAgencies(db, {
        page: { offset: (i * 137) % 3000, limit: 50 },
        sort: { key: 'errors', dir: 'desc' }
      })
    )
    await time('listReports', () =>
      listReports(db, {
        page: { offset: (i * 997) % 100000, limit: 50 },
        sort: { key: 'agency', dir: 'asc' }
      })
    )
    await time('listReports(filtered)', () =>
      listReports(db, { filter: { years: [year], rules: ['A03', 'Y01'] }, page })
    )
    await time('listReports(search)', () => listReports(db, { filter: { search: '民政局' }, page }))
    await time('getMatrix', () => matrix(db, {}, { offset: (i * 61) % 3000, limit: 50 }))
    await time('getTrends', () => trends(db, {}, undefined))
  }
  const r1 = (x: number): number => Math.round(x * 10) / 10
  console.log('\nper query (ms): wall p50 / p95, cpu p50 / p95')
  for (const [k, s] of byQuery)
    console.log(
      `${k.padEnd(24)} ${r1(percentile(s.wall, 50))} / ${r1(percentile(s.wall, 95))}   cpu ${r1(percentile(s.cpu, 50))} / ${r1(percentile(s.cpu, 95))}`
    )
  console.log('\nper statement (ms, p50 wall / cpu), slowest first')
  const rows = [...bySql.entries()].sort(
    (a, b) => percentile(b[1].cpu, 50) - percentile(a[1].cpu, 50)
  )
  for (const [k, s] of rows.slice(0, 40))
    console.log(`${r1(percentile(s.wall, 50))} / ${r1(percentile(s.cpu, 50))}  ×${s.n}  ${k}`)
  await store.close()
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err))
  process.exit(1)
})
