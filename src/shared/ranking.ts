/**
 * Closing the review: the office that issues the 通报 and the 整改意见 (设置 › 单位信息), the
 * supervisor's weights for a unit's score, the score and rank of each unit in a year, and the
 * coverage figures (应报 / 已报 / 按时 / 逾期 / 未报) the 通报 opens with. Pure: the service, the
 * exports and the screens compute a score and a rank the same way.
 */
import type { AgencyLevel } from './model'
import { RULE_GROUPS, type RuleGroup } from './rules'

/** Who issues the documents and what they ask; '' dates mean "the default" (see officeDates). */
export interface OfficeSettings {
  /** 发文机关 (signs the 通报 and the 整改意见). */
  issuer: string
  /** 主送 line of the 通报. */
  addressee: string
  /** 整改期限, YYYY-MM-DD; '' = 30 days after the issuing date. */
  rectifyBy: string
  /** 成文日期, YYYY-MM-DD; '' = the day the document is made. */
  issuedOn: string
}

export const DEFAULT_OFFICE: OfficeSettings = {
  issuer: '政务公开工作领导小组办公室',
  addressee: '各有关单位',
  rectifyBy: '',
  issuedOn: ''
}

/** Points a unit gets per year: worst first. Open (not dismissed) findings only. */
export interface ScoreWeights {
  /** 未报送 (no report for the year). */
  missing: number
  /** 逾期报送 (an open M05). */
  late: number
  /** Each open error. */
  error: number
  /** Each open warning. */
  warning: number
}

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { missing: 100, late: 20, error: 5, warning: 1 }

/** The same words as the roster's coverage (issue #20's CoverageStatus). */
export type UnitStatus = 'onTime' | 'late' | 'undated' | 'missing' | 'unlisted'
export const UNIT_STATUS_NAMES: Record<UnitStatus, string> = {
  onTime: '按时报送',
  late: '逾期报送',
  undated: '已报送·日期不明',
  missing: '未报送',
  unlisted: '名单外'
}

/** One unit in one year, before scoring: what coverage and the findings say of it. */
export interface UnitYear {
  agencyKey: string
  agency: string
  level: AgencyLevel | null
  region: string | null
  year: number
  status: UnitStatus
  /** Open findings (dismissed ones are not counted) of the unit's current report. */
  errors: number
  warnings: number
  infos: number
  byGroup: Record<RuleGroup, number>
}

export interface RankingRow extends UnitYear {
  score: number
  /** 1 = most problems; equal scores share a rank (1, 2, 2, 4). */
  rank: number
}

/** 应报 / 已报 / 按时 / 逾期 / 未报 of one year, with the units named where the 通报 names them. */
export interface BulletinCoverage {
  year: number
  /** Units that had to report (without a roster: units with a report that year). */
  required: number
  submitted: number
  onTime: number
  late: number
  undated: number
  /** 未报送, by name. */
  missing: string[]
  /** 逾期报送, by name. */
  lateUnits: string[]
  /** Whether the figures come from a roster (else: no unit can be 未报送). */
  fromRoster: boolean
}

export interface Ranking {
  /** The year ranked; null when there are no reports at all. */
  year: number | null
  /** Years that can be chosen, newest first. */
  years: number[]
  weights: ScoreWeights
  coverage: BulletinCoverage | null
  /** Worst first; every unit of the year. */
  rows: RankingRow[]
  /** Regions among the rows (a roster's 所属地区), for the filter. */
  regions: string[]
}

export function emptyGroups(): Record<RuleGroup, number> {
  return { S: 0, T: 0, A: 0, N: 0, Y: 0, M: 0 }
}

export function scoreOf(
  u: Pick<UnitYear, 'status' | 'errors' | 'warnings'>,
  w: ScoreWeights
): number {
  return (
    (u.status === 'missing' ? w.missing : 0) +
    (u.status === 'late' ? w.late : 0) +
    u.errors * w.error +
    u.warnings * w.warning
  )
}

/** Pinyin order for names (not code points): 安 before 白 before 中. */
export const PINYIN = new Intl.Collator('zh-CN-u-co-pinyin')

/**
 * Scores and ranks: highest score first, ties by name in pinyin order; equal scores share a rank.
 */
export function rankUnits(units: readonly UnitYear[], w: ScoreWeights): RankingRow[] {
  const rows = units.map(u => ({ ...u, score: scoreOf(u, w), rank: 0 }))
  rows.sort((a, b) => b.score - a.score || PINYIN.compare(a.agency, b.agency))
  rows.forEach((r, i) => {
    r.rank = i > 0 && rows[i - 1]!.score === r.score ? rows[i - 1]!.rank : i + 1
  })
  return rows
}

/** The coverage figures of one year's units. */
export function summarizeCoverage(
  year: number,
  units: readonly UnitYear[],
  fromRoster: boolean
): BulletinCoverage {
  const listed = units.filter(u => u.status !== 'unlisted' || !fromRoster)
  const missing = listed.filter(u => u.status === 'missing')
  const late = listed.filter(u => u.status === 'late')
  const byName = (a: UnitYear, b: UnitYear): number => PINYIN.compare(a.agency, b.agency)
  return {
    year,
    required: listed.length,
    submitted: listed.length - missing.length,
    onTime: listed.filter(u => u.status === 'onTime').length,
    late: late.length,
    undated: listed.filter(u => u.status === 'undated').length,
    missing: [...missing].sort(byName).map(u => u.agency),
    lateUnits: [...late].sort(byName).map(u => u.agency),
    fromRoster
  }
}

/** 12.5%: a share of `of`, one decimal, '—' when there is nothing to divide. */
export function percent(n: number, of: number): string {
  if (of <= 0) return '—'
  const v = Math.round((n * 1000) / of) / 10
  return `${Number.isInteger(v) ? v.toFixed(0) : v.toFixed(1)}%`
}

/** YYYY-MM-DD of a local date. */
export function isoDay(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The issuing date and the deadline a document carries: the settings', else today and 30 days on. */
export function officeDates(o: OfficeSettings, now: Date): { issuedOn: string; rectifyBy: string } {
  const issuedOn = o.issuedOn || isoDay(now)
  if (o.rectifyBy) return { issuedOn, rectifyBy: o.rectifyBy }
  const [y, m, d] = issuedOn.split('-').map(Number)
  const due = new Date(y!, m! - 1, d! + 30)
  return { issuedOn, rectifyBy: isoDay(due) }
}

/** 2025-03-01 → 2025年3月1日 (a 公文's date, Arabic numerals as GB/T 9704-2012 has them). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

export function isRuleGroup(g: string): g is RuleGroup {
  return (RULE_GROUPS as readonly string[]).includes(g)
}
