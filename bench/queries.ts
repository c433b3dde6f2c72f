/**
 * npx tsx bench/queries.ts <bench.sqlite> [--rounds R]
 *
 * The query part of `npm run bench` alone, over a database a run kept (`--keep` prints its folder
 * as detail.dir): seconds per iteration instead of a full regenerate + ingest. Opening the Api
 * migrates the database to the current schema first, as the app would.
 */
import { openApi, queryLatency } from './measure'
import { rosterQueryLatency } from './roster'

async function main(): Promise<void> {
  const [dbPath, ...rest] = process.argv.slice(2)
  if (!dbPath) throw new Error('用法：npx tsx bench/queries.ts <bench.sqlite> [--rounds R]')
  const i = rest.indexOf('--rounds')
  const rounds = i >= 0 ? Number(rest[i + 1]) : 20
  const t = performance.now()
  const api = openApi(dbPath, null, '/tmp')
  try {
    const ready = await api.ready()
    if (!ready.ok) throw new Error(ready.error.message)
    const openMs = Math.round(performance.now() - t)
    const q = await queryLatency(api, rounds)
    const roster = await rosterQueryLatency(api, 3000, rounds)
    console.log(
      JSON.stringify(
        { openMs, queryP95Ms: q.p95Ms, byQuery: q.byQuery, rosterQueryP95Ms: roster.p95Ms, roster },
        null,
        2
      )
    )
  } finally {
    await api.close()
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err))
  process.exit(1)
})
