/**
 * A multi-year corpus for the browser tests, built from the five real samples: each sample is
 * copied into year folders 2021–2024 with its years shifted (titles, statistics period, dates —
 * never the 〔2021〕 of the template's document number), some agencies renamed to make more
 * agencies, and some table numbers edited so the screens have trends and findings to show.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'

export const SAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'samples')

/** Shift every year 2000–2039 by delta, except inside 〔〕 (document numbers such as 〔2021〕30号). */
export function shiftYears(text: string, delta: number): string {
  return text.replace(/(?<!〔)(20[0-3]\d)(?!〕)/g, y => String(Number(y) + delta))
}

/** Replace the last `values.length` whole-number cells of the first tab-separated line matching label. */
export function setCells(text: string, label: RegExp, values: number[]): string {
  const lines = text.split('\n')
  const i = lines.findIndex(
    l => label.test(l) && l.split('\t').filter(c => /^\s*\d+\s*$/.test(c)).length >= values.length
  )
  if (i < 0) throw new Error(`corpus: no table line matches ${label}`)
  const cells = (lines[i] ?? '').split('\t')
  const numeric = cells.map((c, j) => (/^\s*\d+\s*$/.test(c) ? j : -1)).filter(j => j >= 0)
  const targets = numeric.slice(numeric.length - values.length)
  targets.forEach((j, k) => (cells[j] = String(values[k])))
  lines[i] = cells.join('\t')
  return lines.join('\n')
}

/** Set a single-number proactive item (行政许可 / 行政处罚): the first number after its label. */
export function setFirstCell(text: string, label: RegExp, value: number): string {
  const lines = text.split('\n')
  const i = lines.findIndex(l => label.test(l))
  if (i < 0) throw new Error(`corpus: no line matches ${label}`)
  const cells = (lines[i] ?? '').split('\t')
  const j = cells.findIndex((c, k) => k > 0 && /^\s*\d+\s*$/.test(c))
  if (j < 0) throw new Error(`corpus: no number on line ${label}`)
  cells[j] = String(value)
  lines[i] = cells.join('\t')
  return lines.join('\n')
}

interface YearSpec {
  year: number
  /** Applications received (all by natural persons, all granted); absent = keep the sample's. */
  received?: number
  /** Break a template sum: 'A01' row total ≠ its columns, 'A03' outcomes short of received. */
  breakSum?: 'A01' | 'A03'
  licensing?: number
  penalty?: number
  /** 行政复议 cases, all upheld. */
  review?: number
}

interface AgencySpec {
  sample: string
  baseYear: number
  rename?: Array<[string, string]>
  name: string
  years: YearSpec[]
}

export const CORPUS: AgencySpec[] = [
  {
    sample: '000_051f95df41851f1c.txt',
    baseYear: 2023,
    name: '中卫市机关事务服务中心',
    years: [{ year: 2021 }, { year: 2022 }, { year: 2023 }, { year: 2024, received: 2 }]
  },
  {
    sample: '001_0a6fcc7805cba63f.txt',
    baseYear: 2023,
    name: '中卫市民政局',
    years: [
      { year: 2021, licensing: 5, penalty: 18 },
      { year: 2022, received: 5, licensing: 6, penalty: 20, breakSum: 'A01' },
      { year: 2023, received: 8, licensing: 7, penalty: 21, review: 1 },
      { year: 2024, received: 6, licensing: 9, penalty: 15 }
    ]
  },
  {
    sample: '002_4dd3a57cffab60e6.txt',
    baseYear: 2022,
    name: '沙坡头区政务服务中心',
    years: [{ year: 2021 }, { year: 2022 }, { year: 2023, received: 4, breakSum: 'A03' }]
  },
  {
    sample: '003_af8fd19025225cb0.txt',
    baseYear: 2023,
    name: '川汇区机关事务中心',
    years: [{ year: 2022 }, { year: 2023 }, { year: 2024 }]
  },
  {
    sample: '004_e6e4943c46b535d8.txt',
    baseYear: 2023,
    name: '沙坡头区兴仁镇',
    years: [
      { year: 2021 },
      { year: 2022, received: 1 },
      { year: 2023 },
      { year: 2024, received: 2 }
    ]
  },
  {
    sample: '001_0a6fcc7805cba63f.txt',
    baseYear: 2023,
    name: '中卫市教育局',
    rename: [
      ['中卫市民政局', '中卫市教育局'],
      ['民政', '教育']
    ],
    years: [
      { year: 2022, received: 12, licensing: 20, penalty: 4 },
      { year: 2023, received: 9, licensing: 25, penalty: 6, review: 2 },
      { year: 2024, received: 15, licensing: 30, penalty: 5, review: 1 }
    ]
  },
  {
    sample: '004_e6e4943c46b535d8.txt',
    baseYear: 2023,
    name: '沙坡头区文昌镇',
    rename: [
      ['兴仁镇', '文昌镇'],
      ['兴仁', '文昌']
    ],
    years: [{ year: 2023 }, { year: 2024, received: 3, breakSum: 'A01' }]
  }
]

function edit(text: string, y: YearSpec): string {
  let t = text
  if (y.received !== undefined) {
    const n = y.received
    const row = (v: number, total = v): number[] => [v, 0, 0, 0, 0, 0, total]
    const done = y.breakSum === 'A03' ? n - 1 : n
    t = setCells(t, /本年新收政府信息公开申请数量/, row(n, y.breakSum === 'A01' ? n + 1 : n))
    t = setCells(t, /予以公开/, row(done))
    t = setCells(t, /[(（]七[)）]\s*总计/, row(done))
  }
  if (y.licensing !== undefined) t = setFirstCell(t, /^行政许可\t/, y.licensing)
  if (y.penalty !== undefined) t = setFirstCell(t, /^行政处罚\t/, y.penalty)
  if (y.review !== undefined) {
    const r = y.review
    t = setCells(t, /^\s*\d+(\t\s*\d+\s*){14}/, [r, 0, 0, 0, r, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
  }
  return t
}

/** Writes the corpus under dir/<year>/<agency>.txt; returns the number of files written. */
export async function buildCorpus(dir: string): Promise<number> {
  let files = 0
  for (const a of CORPUS) {
    let base = await fs.readFile(path.join(SAMPLES_DIR, a.sample), 'utf8')
    for (const [from, to] of a.rename ?? []) base = base.split(from).join(to)
    for (const y of a.years) {
      const text = edit(shiftYears(base, y.year - a.baseYear), y)
      const out = path.join(dir, String(y.year), `${a.name}.txt`)
      await fs.mkdir(path.dirname(out), { recursive: true })
      await fs.writeFile(out, text, 'utf8')
      files++
    }
  }
  return files
}

export const CORPUS_AGENCIES = CORPUS.length
export const CORPUS_REPORTS = CORPUS.reduce((n, a) => n + a.years.length, 0)
