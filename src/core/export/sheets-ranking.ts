/**
 * 单位排名: one row per unit and year of the filtered reports, with its score under the supervisor's
 * weights (设置 › 排名计分), its rank in that year, its coverage status and its open findings per rule
 * group. Units are those of store/queries/coverage-summary.ts (the roster's, once merged); dismissed
 * findings never count.
 */
import {
  UNIT_STATUS_NAMES,
  rankUnits,
  type ScoreWeights,
  type UnitYear
} from '../../shared/ranking'
import { RULE_GROUPS, RULE_GROUP_NAMES } from '../../shared/rules'
import { unitYears } from '../store/queries/coverage-summary'
import { YEAR_COLUMN, agencyColumn, levelName, openSheet, type SheetContext } from './context'
import type { FillName } from './sheet-writer'

const STATUS_FILL: Partial<Record<UnitYear['status'], FillName>> = {
  late: 'warning',
  missing: 'error',
  undated: 'muted'
}

export async function writeRanking(
  ctx: SheetContext,
  weights: ScoreWeights,
  roots?: string[]
): Promise<number> {
  const { units } = await unitYears(ctx.db, { filter: ctx.filter, ...(roots ? { roots } : {}) })
  const sheet = openSheet(ctx, '单位排名', [
    YEAR_COLUMN,
    { header: '排名', width: 6, kind: 'int' },
    agencyColumn(ctx.sel),
    { header: '层级', width: 12, kind: 'center' },
    { header: '报送情况', width: 14, kind: 'center' },
    { header: '得分', width: 7, kind: 'int' },
    { header: '错误', width: 6, kind: 'int' },
    { header: '警告', width: 6, kind: 'int' },
    { header: '提示', width: 6, kind: 'int' },
    ...RULE_GROUPS.map(g => ({ header: RULE_GROUP_NAMES[g], width: 9, kind: 'int' as const }))
  ])
  const years = [...new Set(units.map(u => u.year))].sort((a, b) => b - a)
  for (const y of years) {
    for (const r of rankUnits(
      units.filter(u => u.year === y),
      weights
    )) {
      sheet.add(
        [
          r.year,
          r.rank,
          r.agency,
          levelName(r.level),
          UNIT_STATUS_NAMES[r.status],
          r.score,
          r.errors,
          r.warnings,
          r.infos,
          ...RULE_GROUPS.map(g => r.byGroup[g])
        ],
        [
          undefined,
          undefined,
          undefined,
          undefined,
          STATUS_FILL[r.status],
          undefined,
          r.errors > 0 ? 'error' : undefined,
          r.warnings > 0 ? 'warning' : undefined
        ]
      )
    }
  }
  sheet.done()
  return sheet.rows
}
