/**
 * Synthetic corpus for the benchmarks (issue #8): N reports of agencies × 2019–2024 (2019/2020 in
 * the 2019 trial template, 2021+ in the 2021 one), carry-overs chained, mixed layouts, and a known
 * rate of injected defects, each recorded in the manifest with the rule it must raise.
 * Deterministic by seed: the same (N, seed, rate) gives byte-identical files.
 *
 *   npx tsx bench/generate.ts --reports N --out DIR [--seed S] [--defect-rate R]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { YEARS, agencyName, agencySeries, mix, pick, rng, type YearData } from './corpus-data'
import { DEFECTS, fileExtension, renderReport, type Defect, type Layout } from './corpus-render'
import { adapt, sampleNarratives } from './narrative'
import { copiedSection, ownParagraphs } from './own-text'

export interface GenerateOptions {
  reports: number
  out: string
  seed?: number
  /** Share of reports given one defect (default 0.1). */
  defectRate?: number
  /**
   * Share of each layout (default: tab 50%, gb18030 15%, pipe 15%, space 10%, html 10%, docx 0:
   * the targets of issue #8 are for text reports; `--layouts docx=0.3` mixes Word files in).
   */
  layouts?: Partial<Record<Layout, number>>
  /**
   * Units write their own 总体情况 and 问题及改进 (bench/own-text.ts) instead of the samples'
   * paragraphs, and this share of reports (e.g. 0.01) copies one of them from another unit.
   */
  ownText?: { copyRate: number }
}

export interface ManifestEntry {
  /** Relative to the corpus folder, '/' separators. */
  file: string
  agency: string
  year: number
  template: '2019' | '2021'
  layout: Layout
  defect: Defect | null
  /** `ownText`: the section this report copied, and the file of the report it copied it from. */
  copied?: { section: 1 | 5; from: string }
}

export interface Manifest {
  seed: number
  defectRate: number
  reports: number
  agencies: number
  bytes: number
  entries: ManifestEntry[]
}

const DEFAULT_LAYOUTS: Record<Layout, number> = {
  tab: 0.5,
  gb18030: 0.15,
  pipe: 0.15,
  space: 0.1,
  html: 0.1,
  docx: 0
}

function chooseLayout(r: () => number, shares: Record<Layout, number>): Layout {
  const total = Object.values(shares).reduce((a, b) => a + b, 0)
  let x = r() * total
  for (const [k, v] of Object.entries(shares) as [Layout, number][]) {
    if ((x -= v) < 0) return k
  }
  return 'tab'
}

/** Defects that can be shown in this report (an empty cell needs cell separators, etc.). */
function applicable(d: YearData, layout: Layout): Defect[] {
  return DEFECTS.filter(x => {
    if (x === 'Y01') return d.year > YEARS[0]
    if (x === 'T02') return layout !== 'space'
    if (x === 'T03') return d.template === '2021'
    if (x === 'N01') return d.apps['received']![6]! > 0
    return true
  })
}

function bump(row: number[] | undefined, col: number, by: number): void {
  if (!row) throw new Error('no such row')
  row[col]! += by
  row[6]! += by
}

/** Number-level defects on a copy of the year's data; render-level ones are left to the renderer. */
function withDefect(d: YearData, defect: Defect | null): YearData {
  if (!defect || !['A01', 'A02', 'A03', 'A04', 'Y01'].includes(defect)) return d
  const c: YearData = structuredClone(d)
  const a = c.apps
  switch (defect) {
    case 'A01': // a row whose total is not the sum of its cells (and so a column that no longer adds up)
      a['granted']![0]! += 1
      break
    case 'A02': // an outcome row counted in its row but not in （七）总计
      bump(a['unable.notHeld'], 0, 1)
      break
    case 'A03': // received more than was decided or carried forward (next year's chain unaffected)
      bump(a['received'], 0, 1)
      break
    case 'A04':
      c.review.review[4] += 1
      break
    case 'Y01': // this year balances on its own, but claims more carried over than last year left
      bump(a['carriedOver'], 0, 2)
      bump(a['granted'], 0, 2)
      bump(a['outcomeTotal'], 0, 2)
      break
  }
  return c
}

/** Writes the corpus and returns its manifest. */
export function generateCorpus(opts: GenerateOptions): Manifest {
  const seed = opts.seed ?? 1
  const rate = opts.defectRate ?? 0.1
  const shares = { ...DEFAULT_LAYOUTS, ...opts.layouts }
  const samples = sampleNarratives()
  const agencies = Math.ceil(opts.reports / YEARS.length)
  for (const y of YEARS) mkdirSync(join(opts.out, String(y)), { recursive: true })
  const entries: ManifestEntry[] = []
  const copies: { entry: number; section: 1 | 5; fromUnit: number; fromYear: number }[] = []
  // Units with a report for every year: the ones a copy can come from.
  const fullUnits = Math.floor(opts.reports / YEARS.length)
  let bytes = 0
  for (let ai = 0; ai < agencies && entries.length < opts.reports; ai++) {
    const series = agencySeries(seed, ai)
    for (const d of series) {
      if (entries.length >= opts.reports) break
      const r = rng(mix(seed, ai, d.year, 0xf11e))
      const layout = chooseLayout(r, shares)
      const defect = r() < rate ? pick(r, applicable(d, layout)) : null
      // Consecutive years take different samples, so section 5 is never a copy of last year's (Y03).
      const s = samples.length
      let overview = samples[(ai + d.year) % s]!
      let problems = samples[(ai * 3 + d.year) % s]!
      let copied: { section: 1 | 5; fromUnit: number; fromYear: number } | null = null
      if (opts.ownText) {
        const mine = { agency: d.agency, year: d.year }
        const other = problems.other.map(p => adapt(p, problems, d.agency, d.year))
        const own = { 1: [] as string[], 5: [] as string[] }
        for (const sec of [1, 5] as const) own[sec] = ownParagraphs(seed, ai, d.agency, d.year, sec)
        copied = copiedSection(seed, ai, d.year, fullUnits, opts.ownText.copyRate)
        if (copied) {
          const from = { agency: agencyName(copied.fromUnit), year: copied.fromYear }
          own[copied.section] = ownParagraphs(
            seed,
            copied.fromUnit,
            from.agency,
            from.year,
            copied.section
          ).map(p => adapt(p, { ...from, overview: [], problems: [], other: [] }, d.agency, d.year))
        }
        overview = { ...mine, overview: own[1], problems: [], other: [] }
        problems = { ...mine, overview: [], problems: own[5], other }
      }
      const buf = renderReport({ data: withDefect(d, defect), layout, defect, overview, problems })
      const file = `${d.year}/${d.agency}${d.year}年政府信息公开工作年度报告.${fileExtension(layout)}`
      writeFileSync(join(opts.out, file), buf)
      bytes += buf.length
      entries.push({ file, agency: d.agency, year: d.year, template: d.template, layout, defect })
      if (copied) copies.push({ entry: entries.length - 1, ...copied })
    }
  }
  // The copied reports' files are known once every report is written (its layout picks the name).
  const fileOf = new Map(entries.map(e => [`${e.agency}|${e.year}`, e.file]))
  for (const c of copies) {
    const from = fileOf.get(`${agencyName(c.fromUnit)}|${c.fromYear}`)
    if (!from) throw new Error(`own text: no report of unit ${c.fromUnit} for ${c.fromYear}`)
    entries[c.entry]!.copied = { section: c.section, from }
  }
  return { seed, defectRate: rate, reports: entries.length, agencies, bytes, entries }
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

if (require.main === module) {
  const argv = process.argv.slice(2)
  const reports = Number(arg(argv, '--reports') ?? 100)
  const out = arg(argv, '--out')
  if (!out || !Number.isInteger(reports) || reports < 1) {
    console.error(
      '用法：tsx bench/generate.ts --reports N --out 文件夹 [--seed S] [--defect-rate R]'
    )
    process.exit(2)
  }
  const m = generateCorpus({
    reports,
    out,
    seed: Number(arg(argv, '--seed') ?? 1),
    defectRate: Number(arg(argv, '--defect-rate') ?? 0.1)
  })
  writeFileSync(join(out, '..', `manifest-${reports}.json`), JSON.stringify(m, null, 1))
  console.log(
    `${m.reports} reports, ${m.agencies} agencies, ${(m.bytes / 1e6).toFixed(1)} MB in ${out}`
  )
}
