/**
 * 报送情况 (with a roster only): one row per roster unit × year under review, then the agencies on
 * no roster (名单外) — who must report, who did, on time or late, who did not. A printable list
 * for the meeting: the status in Chinese and shaded, the publication date beside its deadline.
 */
import { COVERAGE_STATUS_NAMES, type CoverageEntry, type CoverageStatus } from '../../shared/roster'
import { reportFiles } from '../store/queries/coverage'
import { filteredCoverage } from '../store/queries/coverage-views'
import { openSheet, levelName, YEAR_COLUMN, type SheetContext } from './context'
import { cjkWidth, type FillName } from './sheet-writer'

export const COVERAGE_SHEET = '报送情况'

const FILL: Record<CoverageStatus, FillName | undefined> = {
  onTime: 'clean',
  late: 'warning',
  undated: 'info',
  missing: 'error',
  unlisted: 'muted'
}

/**
 * Writes the sheet when there is a roster; returns the rows written, or null (no roster, no
 * sheet). `years`: the years under review (the CLI's --years), else the filter's.
 */
export async function writeCoverage(
  ctx: SheetContext,
  roots: string[] | undefined,
  years?: number[]
): Promise<number | null> {
  const filter = years?.length ? { ...ctx.filter, years } : ctx.filter
  const entries = await filteredCoverage(ctx.db, filter, roots)
  if (!entries) return null
  const files = await reportFiles(
    ctx.db,
    entries.flatMap(e => e.reportIds)
  )
  const fileText = (e: CoverageEntry): string =>
    e.reportIds
      .map(id => files.get(id)?.path ?? '')
      .filter(p => p !== '')
      .sort()
      .join('\n')
  const longest = (f: (e: CoverageEntry) => string): number =>
    entries.reduce((m, e) => Math.max(m, f(e).length), 0)
  const sheet = openSheet(
    ctx,
    COVERAGE_SHEET,
    [
      {
        header: '单位',
        width: cjkWidth(
          longest(e => e.unit),
          14,
          40
        ),
        kind: 'wrap'
      },
      {
        header: '所属地区',
        width: cjkWidth(
          longest(e => e.region ?? ''),
          10,
          20
        ),
        kind: 'wrap'
      },
      { header: '层级', width: 13, kind: 'center' },
      YEAR_COLUMN,
      { header: '报送情况', width: 16, kind: 'center' },
      { header: '发布日期', width: 12, kind: 'center' },
      { header: '发布期限', width: 12, kind: 'center' },
      {
        header: '文件',
        width: Math.max(12, Math.min(44, Math.round(longest(fileText) * 1.3) + 2)),
        kind: 'wrap'
      }
    ],
    { freezeColumns: 1 }
  )
  for (const e of entries) {
    sheet.add(
      [
        e.unit,
        e.region ?? '',
        levelName(e.level),
        e.year,
        COVERAGE_STATUS_NAMES[e.status],
        e.published ?? '',
        e.deadline ?? '',
        fileText(e)
      ],
      [undefined, undefined, undefined, undefined, FILL[e.status]]
    )
  }
  sheet.done()
  return sheet.rows
}
