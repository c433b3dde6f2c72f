/**
 * Y05's cost, taken apart (issue #23): `tsx bench/y05-profile.ts gen DIR N` makes an --own-text
 * corpus (manifest in DIR/manifest.json); `tsx bench/y05-profile.ts ingest DIR on|off` ingests it
 * into a new database and prints wall and CPU (process.cpuUsage: every thread, the parse workers'
 * too) of the ingest, Y05's counters, and with Y05 on the index's size and the accuracy;
 * `settle DIR on|off [out.json]` times a first ingest's settle alone on a copy of that database (and
 * writes its Y05 findings to out.json).
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { auditFolder } from '../src/core/pipeline/index'
import { copyCounters } from '../src/core/pipeline/copies'
import { loadCopyIndex } from '../src/core/pipeline/copy-index'
import { openStore } from '../src/core/store/index'
import { setSetting } from '../src/core/store/settings'
import { DEFAULT_RULE_SETTINGS } from '../src/shared/model'
import { generateCorpus, type ManifestEntry } from './generate'
import { copyAccuracy, copyIndexCpu, copyIndexFigures } from './measure'
import { markAllDirty } from '../src/core/store/reports'
import { settleDirty } from '../src/core/pipeline/settle'
import { silentLogger } from '../src/core/logger'

async function main(): Promise<void> {
  const [mode, dir, arg] = process.argv.slice(2)
  if (!dir) throw new Error('usage: gen DIR N | ingest DIR on|off')
  const root = join(dir, 'corpus')
  if (mode === 'gen') {
    const m = generateCorpus({
      reports: Number(arg),
      out: root,
      seed: 1,
      ownText: { copyRate: 0.01 }
    })
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m.entries))
    console.log(`${m.reports} reports`)
    return
  }
  if (mode === 'replay') {
    // The index built again from what it stored, each step's CPU apart (nothing else runs).
    const src = join(dir, 'profile-on.sqlite')
    const dbPath = join(dir, 'replay.sqlite')
    copyFileSync(src, dbPath)
    const r = await copyIndexCpu(dbPath)
    const settleBefore = copyCounters.settleCpuMs
    const store = await openStore(dbPath)
    const c = process.cpuUsage()
    await store.db.transaction(() => markAllDirty(store.db))
    await settleDirty(store.db, silentLogger)
    const d = process.cpuUsage(c)
    await store.close()
    console.log(
      JSON.stringify({
        replay: r,
        settleAllCpuSec: (d.user + d.system) / 1e6,
        y05SettleCpuSec: (copyCounters.settleCpuMs - settleBefore) / 1000
      })
    )
    return
  }
  if (mode === 'settle') {
    // A first ingest's settle again, on a copy of the database `ingest DIR on` made: every
    // agency-year dirty, the index held with every report's buckets to make (as an ingest leaves
    // it; its load is not timed); with `off`, Y05 switched off. Wall and CPU of the settle alone.
    const on = arg !== 'off'
    const dbPath = join(dir, 'settle.sqlite')
    copyFileSync(join(dir, 'profile-on.sqlite'), dbPath)
    const store = await openStore(dbPath)
    await setSetting(store.db, 'checks', { ...DEFAULT_RULE_SETTINGS.checks, Y05: on })
    if (on) await store.db.transaction(() => loadCopyIndex(store.db))
    await store.db.transaction(() => markAllDirty(store.db))
    const before = { ...copyCounters }
    const c = process.cpuUsage()
    const t = performance.now()
    await settleDirty(store.db, silentLogger)
    const wallSec = (performance.now() - t) / 1000
    const d = process.cpuUsage(c)
    const y05 = await store.db.get<{ n: number }>(
      `SELECT count(*) AS n FROM findings WHERE rule = 'Y05'`
    )
    // With a fourth argument, the Y05 findings written there (two versions' settles compared).
    const dump = process.argv[5]
    if (dump)
      writeFileSync(
        dump,
        JSON.stringify(
          await store.db.all(
            `SELECT report_id, seq, message, expected_json, actual_json, section, lines_json
             FROM findings WHERE rule = 'Y05' ORDER BY report_id, seq`
          )
        )
      )
    await store.close()
    rmSync(dbPath, { force: true })
    console.log(
      JSON.stringify({
        y05: on,
        wallSec,
        cpuSec: (d.user + d.system) / 1e6,
        findings: y05?.n,
        counters: Object.fromEntries(
          Object.entries(copyCounters).map(([k, v]) => [k, v - before[k as keyof typeof before]])
        )
      })
    )
    return
  }
  const on = arg !== 'off'
  const dbPath = join(dir, `profile-${on ? 'on' : 'off'}.sqlite`)
  rmSync(dbPath, { force: true })
  const store = await openStore(dbPath)
  const before = { ...copyCounters }
  const cpu = process.cpuUsage()
  const t = performance.now()
  try {
    if (!on) await setSetting(store.db, 'checks', { ...DEFAULT_RULE_SETTINGS.checks, Y05: false })
    const r = await auditFolder(root, store, {})
    const c = process.cpuUsage(cpu)
    const out: Record<string, unknown> = {
      y05: on,
      parsed: r.parsed,
      wallSec: (performance.now() - t) / 1000,
      cpuSec: (c.user + c.system) / 1e6,
      counters: Object.fromEntries(
        Object.entries(copyCounters).map(([k, v]) => [k, v - before[k as keyof typeof before]])
      )
    }
    await store.close()
    if (on) {
      out.index = await copyIndexFigures(dbPath)
      const entries = JSON.parse(
        readFileSync(join(dir, 'manifest.json'), 'utf8')
      ) as ManifestEntry[]
      out.accuracy = await copyAccuracy(dbPath, entries)
    }
    console.log(JSON.stringify(out))
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
}

main().catch(e => {
  console.error(e)
  process.exit(1)
})
