/**
 * The roster (应报送单位名单, issue #20) in the bench: a roster of `units` units over the bench's
 * agencies — most listed by their own name, some under another name with the agency's as 别名,
 * a few agencies left off (名单外), the rest of the units with no report at all (未报送) — in 30
 * regions, imported through the Api as pasted rows. Then the screens' queries with it: the
 * overview (its coverage cards and regions), the matrix (every unit, paged), the problems-only
 * and region filters, and the coverage list.
 */
import type { Api, Result } from '../src/shared/api'

const REGIONS = Array.from({ length: 30 }, (_, i) => `第${i + 1}区`)

function value<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.error.message}`)
  return r.value
}

/** Rows as a supervisor pastes them from Excel (tab-separated, with the header). */
export async function rosterText(
  api: Api,
  units: number
): Promise<{ text: string; listed: number; aliased: number; unlisted: number; empty: number }> {
  const names: string[] = []
  for (let offset = 0; ; offset += 500) {
    const page = value(
      await api.listAgencies({ page: { offset, limit: 500 }, sort: { key: 'name', dir: 'asc' } }),
      'listAgencies'
    )
    names.push(...page.items.map(a => a.name))
    if (offset + 500 >= page.total) break
  }
  const rows = ['单位名称\t所属地区\t别名']
  let listed = 0
  let aliased = 0
  let unlisted = 0
  names.forEach((n, i) => {
    if (rows.length > units) return
    const region = REGIONS[i % REGIONS.length]!
    if (i % 25 === 24) unlisted++
    else if (i % 25 === 7) {
      rows.push(`${n}（名单名称）\t${region}\t${n}`)
      aliased++
    } else {
      rows.push(`${n}\t${region}\t`)
      listed++
    }
  })
  let empty = 0
  while (rows.length <= units)
    rows.push(`名单单位${++empty}局\t${REGIONS[empty % REGIONS.length]}\t`)
  return { text: rows.join('\n'), listed, aliased, unlisted, empty }
}

export interface RosterFigures {
  units: number
  importMs: number
  /** p95 over every roster query below. */
  p95Ms: number
  byQuery: Record<string, { n: number; p50Ms: number; p95Ms: number }>
  coverage: { required: number; reported: number; missing: number; unlisted: number }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0
}
const round1 = (x: number): number => Math.round(x * 10) / 10

/** Imports the roster, measures, and clears it again (the figures after it are without one). */
export async function rosterQueryLatency(
  api: Api,
  units = 3000,
  rounds = 20
): Promise<RosterFigures> {
  const r = await rosterText(api, units)
  let t = performance.now()
  const imported = value(await api.importRoster({ text: r.text }), 'importRoster')
  const importMs = performance.now() - t
  const samples: Record<string, number[]> = {}
  const time = async <T>(name: string, call: () => Promise<Result<T>>): Promise<T> => {
    t = performance.now()
    const out = value(await call(), name)
    ;(samples[name] ??= []).push(performance.now() - t)
    return out
  }
  let counts = { required: 0, reported: 0, missing: 0, unlisted: 0 }
  try {
    for (let i = 0; i < rounds; i++) {
      const ov = await time('getOverview(roster)', () => api.getOverview({}))
      if (ov.coverage) counts = ov.coverage.counts
      await time('getOverview(roster, year)', () =>
        api.getOverview({ filter: { years: [2019 + (i % 6)] } })
      )
      const m = await time('getMatrix(roster)', () =>
        api.getMatrix({ page: { offset: (i * 137) % imported.length, limit: 50 } })
      )
      if (m.total < imported.length)
        throw new Error(`matrix: ${m.total} rows for ${imported.length} units`)
      await time('getMatrix(roster, problems)', () =>
        api.getMatrix({ filter: { problems: true }, page: { offset: 0, limit: 50 } })
      )
      await time('getMatrix(roster, region)', () =>
        api.getMatrix({
          filter: { regions: [REGIONS[i % REGIONS.length]!] },
          page: { offset: 0, limit: 50 }
        })
      )
      await time('getCoverage', () =>
        api.getCoverage({ page: { offset: (i * 331) % imported.length, limit: 100 } })
      )
    }
  } finally {
    value(await api.clearRoster(), 'clearRoster')
  }
  const all = Object.values(samples).flat()
  return {
    units: imported.length,
    importMs: Math.round(importMs),
    p95Ms: round1(percentile(all, 95)),
    byQuery: Object.fromEntries(
      Object.entries(samples).map(([k, v]) => [
        k,
        { n: v.length, p50Ms: round1(percentile(v, 50)), p95Ms: round1(percentile(v, 95)) }
      ])
    ),
    coverage: {
      required: counts.required,
      reported: counts.reported,
      missing: counts.missing,
      unlisted: counts.unlisted
    }
  }
}
