/**
 * Agency identity across years: a normalised name key, and the agency's level (for M05
 * deadlines and T05 plausibility). (Stub: the rules work fills this with real normalisation.)
 */
import type { AgencyLevel } from './rules/context'

export function normalizeAgencyName(name: string): string {
  return name.replace(/\s+/g, '')
}

export function inferAgencyLevel(name: string): AgencyLevel {
  if (/(乡|镇|街道|街道办事处)$/.test(name)) return 'township'
  if (/人民政府$/.test(name)) return 'government'
  return 'department'
}
