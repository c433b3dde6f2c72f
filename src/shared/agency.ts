/**
 * Agency identity across years: a normalised name key (the same agency spells its name with
 * full- or half-width brackets, stray spaces, a "（本级）" suffix from one year to the next), and
 * the agency's level, which sets its M05 deadline and T05 plausibility. The level is a guess from
 * the name; the user can correct it (store/agencies keeps the edit).
 */
import type { AgencyLevel } from './model'

/** Suffixes that mark the agency's own part of a combined report, not a different agency. */
const NOISE_SUFFIX = /\((本级|本部|机关本级|机关)\)$/

/**
 * Full→half width (NFKC), white space and Markdown emphasis removed, brackets unified to ( ),
 * quotes dropped, a trailing "（本级）" dropped. Traditional/simplified is not folded.
 */
export function normalizeAgencyName(name: string): string {
  let s = name
    .normalize('NFKC')
    .replace(/\*\*|__/g, '')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .replace(/[【〔［[｛{]/g, '(')
    .replace(/[】〕］\]｝}]/g, ')')
    .replace(/["'“”‘’「」『』《》〈〉]/g, '')
  // "（本级）（机关）" can be stacked; strip until stable.
  for (let prev = ''; prev !== s;) {
    prev = s
    s = s.replace(NOISE_SUFFIX, '')
  }
  return s
}

/** 乡/镇/街道 (with or without 人民政府 / 办事处): their deadline is set by the county. */
const TOWNSHIP = /(乡|镇|苏木|街道|街道办|街道办事处)(人民政府)?$/

/**
 * A people's government reporting for its whole area: X人民政府, X县政府 / X区政府 / X市政府, and
 * the 管委会 of a 综合实验区 (平潭综合实验区, corpus/real 010–016). 上海市人民政府办公厅 ends in
 * 办公厅: it is a department of the government, not the government.
 */
const GOVERNMENT = /(人民政府|[省市县区州盟旗]政府|综合实验区(管委会|管理委员会)?)$/

export function inferAgencyLevel(name: string): AgencyLevel {
  const n = normalizeAgencyName(name)
  if (TOWNSHIP.test(n)) return 'township'
  if (GOVERNMENT.test(n)) return 'government'
  return 'department'
}

/**
 * True for agencies at county level or below (T05: they cannot make 规章, which only provincial and
 * districted-city governments do). A 县/旗/区 in the name marks it (川汇区机关事务中心,
 * 沭阳县发展和改革局); 自治区 (a province), 综合实验区, 特别行政区 and 地区 (prefecture) do not.
 */
export function isCountyLevel(name: string): boolean {
  const n = normalizeAgencyName(name)
  if (inferAgencyLevel(n) === 'township') return true
  const stripped = n.replace(/自治区|综合实验区|特别行政区|地区/g, '')
  return /[县旗区]/.test(stripped)
}
