/**
 * The numbers behind a synthetic corpus: agencies (departments, governments, towns) with a series of
 * reports 2019–2024 whose carry-overs chain (this year's 上年结转 = last year's 结转下年度), every
 * table consistent by rows and columns, figures stable enough from year to year that no Y04 fires
 * by accident. Deterministic by seed.
 */
import {
  APPLICATION_ROWS_2019,
  APPLICATION_ROWS_2021,
  REVIEW_GROUPS,
  type ReviewGroup,
  type TemplateVersion
} from '../src/shared/template'

export const YEARS = [2019, 2020, 2021, 2022, 2023, 2024] as const

/** mulberry32: small, fast, good enough for test data, and the same on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function mix(...parts: number[]): number {
  let h = 2166136261
  for (const p of parts) {
    h ^= p >>> 0
    h = Math.imul(h, 16777619)
    h ^= h >>> 13
  }
  return h >>> 0
}

export type Rand = () => number
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!

const CITIES = [
  '中卫市',
  '吴忠市',
  '固原市',
  '石嘴山市',
  '银川市',
  '周口市',
  '宿迁市',
  '平凉市',
  '天水市',
  '张掖市',
  '武威市',
  '庆阳市',
  '定西市',
  '陇南市',
  '商洛市',
  '安康市',
  '汉中市',
  '延安市',
  '榆林市',
  '渭南市'
]
const SYL1 = '东西南北中新安兴宁和永福康泰丰华盛清金玉'
const SYL2 = '山河源川原阳城江湖林泉田台塘桥州峰平昌乐'
/** What an agency is: the county's government, one of its departments, or a town/street. */
const KINDS = [
  '人民政府',
  '民政局',
  '教育局',
  '财政局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '农业农村局',
  '水务局',
  '卫生健康局',
  '市场监督管理局',
  '应急管理局',
  '司法局',
  '人力资源和社会保障局',
  '文化旅游体育局',
  '发展和改革局',
  '城关镇人民政府',
  '新华街道办事处',
  '红星乡人民政府'
]

/** The i-th agency's name: unique for i below 20 × 400 × 20 = 160,000. */
export function agencyName(i: number): string {
  const kind = KINDS[i % KINDS.length]!
  const place = Math.floor(i / KINDS.length)
  const city = CITIES[place % CITIES.length]!
  const p = Math.floor(place / CITIES.length)
  const name = `${SYL1[p % SYL1.length]}${SYL2[Math.floor(p / SYL1.length) % SYL2.length]}区`
  return `${city}${name}${kind}`
}

export type AppRows = Record<string, number[]>
export type Group5 = [number, number, number, number, number]

export interface Proactive21 {
  regulations: [number, number, number]
  normativeDocs: [number, number, number]
  licensing: number
  penalty: number
  enforcement: number
  fees: number
}
export interface Proactive19 {
  regulations: [number, number, number]
  normativeDocs: [number, number, number]
  licensing: [number, number, number]
  otherServices: [number, number, number]
  penalty: [number, number, number]
  enforcement: [number, number, number]
  fees: [number, number]
  procurement: [number, number]
}

/** One agency-year's report content, consistent in itself and with the agency's previous year. */
export interface YearData {
  agencyIndex: number
  agency: string
  year: number
  template: TemplateVersion
  /** Row key → 6 applicant columns then total. */
  apps: AppRows
  review: Record<ReviewGroup, Group5>
  proactive21: Proactive21 | null
  proactive19: Proactive19 | null
  /** Publication date (ISO), before the earliest deadline. */
  published: string
}

const COLS = 6

function rowsOf(t: TemplateVersion): readonly { key: string }[] {
  return t === '2019' ? APPLICATION_ROWS_2019 : APPLICATION_ROWS_2021
}

/** Outcome rows the generated decisions fall into (the common ones; others stay 0). */
const OUTCOMES_21 = [
  'partiallyGranted',
  'unable.notHeld',
  'unable.unclear',
  'notProcessed.repeated',
  'other.other',
  'denied.thirdParty'
]
const OUTCOMES_19 = [
  'partiallyGranted',
  'unable.notHeld',
  'unable.unclear',
  'notProcessed.repeated',
  'other',
  'denied.thirdParty'
]

function withTotal(v: number[]): number[] {
  return [...v, v.reduce((a, b) => a + b, 0)]
}

/**
 * Applications for one year: received per applicant column around the agency's base, carried over
 * from last year, about half granted, some carried forward, the rest spread over a few outcomes.
 */
function applications(r: Rand, t: TemplateVersion, base: number, carriedOver: number[]): AppRows {
  const rows: AppRows = {}
  for (const row of rowsOf(t)) rows[row.key] = new Array<number>(COLS + 1).fill(0)
  const received = new Array<number>(COLS).fill(0)
  if (base > 0) {
    const n = Math.max(1, Math.round(base * (0.75 + r() * 0.5)))
    for (let k = 0; k < n; k++) {
      const x = r()
      received[x < 0.8 ? 0 : x < 0.92 ? 1 : x < 0.95 ? 5 : x < 0.98 ? 4 : 3]!++
    }
  }
  const granted = new Array<number>(COLS).fill(0)
  const forward = new Array<number>(COLS).fill(0)
  const outcomes = t === '2019' ? OUTCOMES_19 : OUTCOMES_21
  const spread: Record<string, number[]> = Object.fromEntries(
    outcomes.map(k => [k, new Array<number>(COLS).fill(0)])
  )
  for (let c = 0; c < COLS; c++) {
    const avail = received[c]! + carriedOver[c]!
    forward[c] = avail >= 4 ? int(r, 0, Math.floor(avail / 4)) : 0
    const decided = avail - forward[c]!
    granted[c] = Math.ceil(decided / 2)
    for (let k = granted[c]!; k < decided; k++) spread[pick(r, outcomes)]![c]!++
  }
  rows['received'] = withTotal(received)
  rows['carriedOver'] = withTotal(carriedOver)
  rows['granted'] = withTotal(granted)
  for (const k of outcomes) rows[k] = withTotal(spread[k]!)
  rows['outcomeTotal'] = withTotal(received.map((v, c) => v + carriedOver[c]! - forward[c]!))
  rows['carriedForward'] = withTotal(forward)
  return rows
}

function group(r: Rand, busy: boolean): Group5 {
  if (!busy) return [0, 0, 0, 0, 0]
  const g: [number, number, number, number] = [
    int(r, 0, 2),
    int(r, 0, 1),
    int(r, 0, 1),
    int(r, 0, 1)
  ]
  return [...g, g[0] + g[1] + g[2] + g[3]]
}

/** The agency's whole series, 2019–2024, from its own random stream. */
export function agencySeries(seed: number, agencyIndex: number): YearData[] {
  const r = rng(mix(seed, agencyIndex, 0x5eed))
  const agency = agencyName(agencyIndex)
  const isGov = agency.endsWith('区人民政府')
  // Bases stay fixed for the agency so that year-to-year changes stay well under Y04's 10×.
  const appBase = r() < 0.35 ? 0 : int(r, 2, isGov ? 40 : 12)
  const licBase = r() < 0.4 ? 0 : int(r, 5, 40)
  const penBase = r() < 0.5 ? 0 : int(r, 5, 30)
  const normBase = r() < 0.5 ? 0 : int(r, 1, 4)
  const litigious = r() < 0.15
  const out: YearData[] = []
  let carried = new Array<number>(COLS).fill(0)
  let inForce = int(r, 0, 20) * (normBase > 0 ? 1 : 0)
  let prevLic = int(r, 0, 30)
  for (const year of YEARS) {
    const template: TemplateVersion = year < 2021 ? '2019' : '2021'
    const apps = applications(r, template, appBase, carried)
    carried = apps['carriedForward']!.slice(0, COLS)
    const review = {
      review: group(r, litigious),
      litigationDirect: group(r, litigious),
      litigationAfterReview: group(r, litigious && r() < 0.5)
    }
    const vary = (b: number): number =>
      b === 0 ? 0 : Math.max(1, Math.round(b * (0.75 + r() * 0.5)))
    const issued = vary(normBase)
    const repealed = Math.min(inForce, normBase > 0 ? int(r, 0, 1) : 0)
    let proactive21: Proactive21 | null = null
    let proactive19: Proactive19 | null = null
    if (template === '2021') {
      inForce = inForce + issued - repealed
      proactive21 = {
        regulations: [0, 0, 0],
        normativeDocs: [issued, repealed, inForce],
        licensing: vary(licBase),
        penalty: vary(penBase),
        enforcement: penBase > 0 ? int(r, 0, 3) : 0,
        fees: 0
      }
    } else {
      inForce += issued
      const lic = int(r, 0, 30)
      proactive19 = {
        regulations: [0, 0, 0],
        normativeDocs: [issued, issued, inForce],
        licensing: [prevLic, lic - prevLic, vary(licBase)],
        otherServices: [int(r, 0, 10), 0, int(r, 0, 10)],
        penalty: [int(r, 0, 5), 0, vary(penBase)],
        enforcement: [int(r, 0, 3), 0, penBase > 0 ? int(r, 0, 3) : 0],
        fees: [int(r, 0, 3), 0],
        procurement: [int(r, 0, 6), int(r, 0, 300)]
      }
      prevLic = lic
    }
    const day = int(r, 6, 28)
    out.push({
      agencyIndex,
      agency,
      year,
      template,
      apps,
      review,
      proactive21,
      proactive19,
      published: `${year + 1}-01-${String(day).padStart(2, '0')}`
    })
  }
  return out
}

export { REVIEW_GROUPS }
