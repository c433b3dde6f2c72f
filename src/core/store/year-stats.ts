/**
 * Per-year summary rows of `reports` (schema migration 4), kept by triggers so every write path —
 * batched ingest, re-parse, settle (superseded, finding counts), removal, alias merges — updates
 * them in its own transaction without knowing about them. The overview and the trends read a few
 * dozen rows instead of aggregating 100,000 reports with ~30 columns each (bench/, issue #8).
 *
 * A row per (year, status, has_agency, superseded): the screens' "shown" and "unrecognised"
 * conditions are unions of these. Each key figure keeps its sum and its count of non-NULL values,
 * so a sum over no value stays NULL as the SQL sum() over the reports would.
 */
import { FIGURE_COLUMNS } from './reports'

export const YEAR_STATS_KEY = ['year_key', 'status', 'has_agency', 'superseded'] as const

/** Counted per report (old/new row alias `r`): column → expression. */
function counted(r: string): [string, string][] {
  return [
    ['reports', '1'],
    ['with_errors', `${r}.n_error > 0`],
    ['with_warnings', `${r}.n_error = 0 AND ${r}.n_warning > 0`],
    ['fe', `${r}.n_error`],
    ['fw', `${r}.n_warning`],
    ['fi', `${r}.n_info`],
    ...FIGURE_COLUMNS.flatMap((c): [string, string][] => [
      [`s_${c}`, `COALESCE(${r}.${c}, 0)`],
      [`c_${c}`, `${r}.${c} IS NOT NULL`]
    ])
  ]
}

const VALUE_COLUMNS = counted('r').map(([c]) => c)

function upsert(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const key = [
    `COALESCE(${r}.year, -1)`,
    `${r}.status`,
    `${r}.agency_key IS NOT NULL`,
    `${r}.superseded`
  ]
  const vals = counted(r).map(([, e]) => (sign === 1 ? `(${e})` : `-(${e})`))
  return `INSERT INTO year_stats (${[...YEAR_STATS_KEY, ...VALUE_COLUMNS].join(', ')})
      VALUES (${[...key, ...vals].join(', ')})
      ON CONFLICT (${YEAR_STATS_KEY.join(', ')}) DO UPDATE SET
      ${VALUE_COLUMNS.map(c => `${c} = ${c} + excluded.${c}`).join(', ')};`
}

/** Table, triggers and backfill: the body of migration 4. */
export function yearStatsMigration(): string {
  const watched = [
    'status',
    'year',
    'agency_key',
    'superseded',
    'n_error',
    'n_warning',
    'n_info',
    ...FIGURE_COLUMNS
  ]
  return `
  CREATE TABLE year_stats (
    year_key INTEGER NOT NULL,          -- reports.year, -1 when the year was not recognised
    status TEXT NOT NULL,
    has_agency INTEGER NOT NULL,
    superseded INTEGER NOT NULL,
    ${VALUE_COLUMNS.map(c => `${c} ${c.startsWith('s_fees') ? 'REAL' : 'INTEGER'} NOT NULL DEFAULT 0`).join(',\n    ')},
    PRIMARY KEY (${YEAR_STATS_KEY.join(', ')})
  ) WITHOUT ROWID;
  CREATE TRIGGER reports_stats_insert AFTER INSERT ON reports BEGIN
    ${upsert('NEW', 1)}
  END;
  CREATE TRIGGER reports_stats_delete AFTER DELETE ON reports BEGIN
    ${upsert('OLD', -1)}
  END;
  -- Settling rewrites counts and superseded flags of many reports to the values they had: only a
  -- real change costs the two upserts.
  CREATE TRIGGER reports_stats_update AFTER UPDATE OF ${watched.join(', ')} ON reports
  WHEN ${watched.map(c => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
    ${upsert('OLD', -1)}
    ${upsert('NEW', 1)}
  END;
  INSERT INTO year_stats (${[...YEAR_STATS_KEY, ...VALUE_COLUMNS].join(', ')}) ${yearStatsFromReports()};
  `
}

/** The summary rows computed from the reports themselves (the backfill; tests compare the triggers to it). */
export function yearStatsFromReports(): string {
  return `SELECT COALESCE(r.year, -1) AS year_key, r.status, r.agency_key IS NOT NULL AS has_agency, r.superseded,
      ${counted('r')
        .map(([c, e]) => `sum(${e}) AS ${c}`)
        .join(', ')}
    FROM reports r GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`
}

/** Sum of a figure over year_stats rows `y`, NULL when no report had it (as sum() over reports). */
export function statSum(c: string, y = 'y'): string {
  return `CASE WHEN sum(${y}.c_${c}) > 0 THEN sum(${y}.s_${c}) END`
}
