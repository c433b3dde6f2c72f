/**
 * The template's own sums as data: the identities A01–A04 check (arithmetic.ts), one entry per row,
 * column or group, with the cell keys on each side (the keys of ParsedReport.cellLines). The OCR
 * verification (ocr-verify.ts) reads them to tell which cells a holding sum vouches for; a test
 * (identities.test.ts) breaks each identity in a real report and checks that its rule fires, so
 * the two cannot drift apart.
 */
import {
  APPLICANT_COLUMNS,
  REVIEW_COLUMNS,
  REVIEW_GROUPS,
  applicationRows,
  outcomeRowKeys,
  type TemplateVersion
} from '../../shared/template'

export interface SumIdentity {
  rule: 'A01' | 'A02' | 'A03' | 'A04'
  /** sum(left) = sum(right). */
  left: string[]
  right: string[]
  /** The location fields of the finding its rule raises when it breaks. */
  where: { row?: string; column?: string; group?: string }
}

const PARTS = APPLICANT_COLUMNS.filter(c => c !== 'total')
const app = (row: string, column: string): string => `applications.${row}.${column}`

const cache = new Map<TemplateVersion, SumIdentity[]>()

export function sumIdentities(template: TemplateVersion): SumIdentity[] {
  const hit = cache.get(template)
  if (hit) return hit
  const out: SumIdentity[] = []
  // A01: in each row, 总计 = 自然人 + the five 法人或其他组织 columns.
  for (const def of applicationRows(template)) {
    out.push({
      rule: 'A01',
      left: PARTS.map(c => app(def.key, c)),
      right: [app(def.key, 'total')],
      where: { row: def.key, column: 'total' }
    })
  }
  const outcome = outcomeRowKeys(template)
  for (const c of APPLICANT_COLUMNS) {
    // A02: （七）总计 = the outcome rows （一）…（六）.
    out.push({
      rule: 'A02',
      left: outcome.map(r => app(r, c)),
      right: [app('outcomeTotal', c)],
      where: { row: 'outcomeTotal', column: c }
    })
    // A03: received + carriedOver = outcomeTotal + carriedForward.
    out.push({
      rule: 'A03',
      left: [app('received', c), app('carriedOver', c)],
      right: [app('outcomeTotal', c), app('carriedForward', c)],
      where: { column: c }
    })
  }
  // A04: in each group, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
  for (const g of REVIEW_GROUPS) {
    out.push({
      rule: 'A04',
      left: REVIEW_COLUMNS.filter(c => c !== 'total').map(c => `reviewLitigation.${g}.${c}`),
      right: [`reviewLitigation.${g}.total`],
      where: { group: g, column: 'total' }
    })
  }
  cache.set(template, out)
  return out
}
