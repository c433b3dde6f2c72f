/**
 * Argument schemas of every Api method (src/shared/api.ts). The IPC and HTTP layers validate each
 * call against these before the core sees it, so a renderer bug or a forged request is refused
 * with a clear message instead of reaching SQL or the file system.
 *
 * Objects are strict: an unknown key is an error (a typo in the renderer shows up at once).
 */
import { z } from 'zod'
import { API_METHODS, AGENCY_LEVELS, type ApiArgs, type ApiMethodName } from './api'
import { RULE_GROUPS, RULE_IDS, SEVERITIES } from './rules'

const MAX_TEXT = 1000

const year = z.number().int().min(1990).max(2200)
const id = z.number().int().positive()
const key = z.string().min(1).max(MAX_TEXT)
const absPath = z
  .string()
  .min(1)
  .max(4096)
  .refine(p => !p.includes('\0'), '路径含有非法字符')
const level = z.enum(['department', 'government', 'township'] satisfies typeof AGENCY_LEVELS)
const sortDir = z.enum(['asc', 'desc'])
/** YYYY-MM-DD of a real day, or '' (the default). */
const isoDayOrEmpty = z
  .string()
  .max(10)
  .refine(
    d =>
      d === '' ||
      (/^\d{4}-\d{2}-\d{2}$/.test(d) &&
        !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
        new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)),
    '日期须为 YYYY-MM-DD 格式的有效日期'
  )
const weight = z.number().min(0).max(10_000)
const unitName = z.string().trim().min(1, '单位名称不能为空').max(200)
const rosterEdit = {
  level: level.nullable().optional(),
  region: z.string().max(200).nullable().optional(),
  aliases: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  startYear: year.nullable().optional(),
  endYear: year.nullable().optional()
}

export const reportFilterSchema = z.strictObject({
  years: z.array(year).max(200).optional(),
  search: z.string().max(200).optional(),
  severity: z.enum(SEVERITIES as ['error', 'warning', 'info']).optional(),
  rules: z.array(z.enum(RULE_IDS)).max(RULE_IDS.length).optional(),
  groups: z
    .array(z.enum(RULE_GROUPS as ['S', 'T', 'A', 'N', 'Y', 'M']))
    .max(6)
    .optional(),
  levels: z.array(level).max(3).optional(),
  agencies: z.array(key).max(10_000).optional(),
  statuses: z
    .array(z.enum(['clean', 'warnings', 'errors']))
    .max(3)
    .optional(),
  pending: z.boolean().optional(),
  unrecognised: z.boolean().optional(),
  includeDismissed: z.boolean().optional(),
  includeRemoved: z.boolean().optional(),
  regions: z.array(z.string().max(200)).max(1000).optional(),
  problems: z.boolean().optional()
})

export const pageSchema = z.strictObject({
  offset: z.number().int().min(0).max(10_000_000),
  limit: z.number().int().min(1).max(500)
})

const filterOnly = z.strictObject({ filter: reportFilterSchema.optional() })
const noArgs = z.undefined()

const dateOfYear = z
  .strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })
  .refine(d => d.day <= new Date(Date.UTC(2001, d.month, 0)).getUTCDate(), '日期不存在')

const reportSort = z.strictObject({
  key: z.enum(['agency', 'year', 'file', 'status', 'errors', 'warnings', 'parsedAt']),
  dir: sortDir
})
const polling = z.enum(['auto', 'on', 'off'])

/** One schema per method; the mapped type makes a missing or mistyped schema a compile error. */
export const apiSchemas = {
  getAppInfo: noArgs,
  getOverview: filterOnly,
  getMatrix: z.strictObject({
    filter: reportFilterSchema.optional(),
    page: pageSchema,
    sort: z.enum(['name', 'pinyin', 'problems', 'roster']).optional()
  }),
  listAgencies: z.strictObject({
    filter: reportFilterSchema.optional(),
    sort: z
      .strictObject({
        key: z.enum(['name', 'level', 'reports', 'latestYear', 'status', 'errors', 'warnings']),
        dir: sortDir
      })
      .optional(),
    page: pageSchema
  }),
  getAgency: z.strictObject({ key }),
  listReports: z.strictObject({
    filter: reportFilterSchema.optional(),
    sort: reportSort.optional(),
    page: pageSchema
  }),
  getReport: z.strictObject({ id }),
  getAdjacentReports: z.strictObject({
    id,
    filter: reportFilterSchema.optional(),
    sort: reportSort.optional()
  }),
  setReview: z.strictObject({
    reportId: id,
    key,
    decision: z.enum(['confirmed', 'dismissed']).nullable(),
    note: z.string().max(5000).optional()
  }),
  getTrends: z.strictObject({ agencyKey: key.optional(), filter: reportFilterSchema.optional() }),
  getWatchStatus: noArgs,
  pickFolder: noArgs,
  addWatchedFolder: z.strictObject({ path: absPath, polling: polling.optional() }),
  removeWatchedFolder: z.strictObject({ path: absPath }),
  rescan: z.strictObject({ path: absPath.optional() }),
  revealFile: z.strictObject({ reportId: id }),
  openFile: z.strictObject({ reportId: id }),
  pickExportPath: z.strictObject({
    defaultName: z.string().min(1).max(255),
    kind: z.enum(['xlsx', 'docx']).optional()
  }),
  exportXlsx: z.strictObject({
    filter: reportFilterSchema.optional(),
    path: absPath.refine(p => /\.xlsx$/i.test(p), '导出文件须以 .xlsx 结尾').optional()
  }),
  exportNotices: z.strictObject({
    filter: reportFilterSchema.optional(),
    confirmedOnly: z.boolean().optional(),
    path: absPath.refine(p => /\.docx$/i.test(p), '导出文件须以 .docx 结尾').optional()
  }),
  exportBulletin: z.strictObject({
    year: year.optional(),
    path: absPath.refine(p => /\.docx$/i.test(p), '导出文件须以 .docx 结尾').optional()
  }),
  getRanking: z.strictObject({ year: year.optional(), levels: z.array(level).max(3).optional() }),
  getSettings: noArgs,
  updateSettings: z.strictObject({
    deadlines: z
      .strictObject({ department: dateOfYear, government: dateOfYear, township: dateOfYear })
      .optional(),
    reviewerName: z.string().max(100).optional(),
    ocr: z.boolean().optional(),
    office: z
      .strictObject({
        issuer: z.string().max(100),
        addressee: z.string().max(200),
        rectifyBy: isoDayOrEmpty,
        issuedOn: isoDayOrEmpty
      })
      .optional(),
    scoreWeights: z
      .strictObject({ missing: weight, late: weight, error: weight, warning: weight })
      .optional(),
    checks: z.strictObject({ S06: z.boolean(), Y05: z.boolean() }).optional()
  }),
  setAgencyLevel: z.strictObject({ key, level }),
  getReviewHistory: z.strictObject({ reportId: id }),
  getOcrCells: z.strictObject({ reportId: id }),
  getOcrPage: z.strictObject({ reportId: id, page: z.number().int().min(1).max(10_000) }),
  setOcrCorrection: z.strictObject({
    reportId: id,
    cellKey: z.string().min(1).max(200),
    value: z.union([z.number().finite().min(-1e12).max(1e12), z.literal('confirmed'), z.null()])
  }),
  exportReviewWork: noArgs,
  // A reviewer's file: thousands of decisions at most (a few MB).
  importReviewWork: z.strictObject({ content: z.string().min(1).max(50_000_000) }),
  listReviewConflicts: noArgs,
  settleReviewConflict: z.strictObject({ id, take: z.enum(['mine', 'theirs']) }),
  listRosterConflicts: noArgs,
  settleRosterConflict: z.strictObject({ id, take: z.enum(['mine', 'theirs']) }),
  mergeAgencies: z.strictObject({ into: key, from: z.array(key).min(1).max(1000) }),
  unmergeAgency: z.strictObject({ alias: key }),
  getRoster: noArgs,
  importRoster: z.union([
    z.strictObject({
      fileName: z.string().min(1).max(255),
      // 20 MB of base64: a roster of tens of thousands of units.
      dataBase64: z.string().min(1).max(20_000_000)
    }),
    z.strictObject({ text: z.string().max(2_000_000) })
  ]),
  clearRoster: noArgs,
  addRosterUnit: z.strictObject({ name: unitName, ...rosterEdit }),
  updateRosterUnit: z.strictObject({ id, name: unitName.optional(), ...rosterEdit }),
  removeRosterUnit: z.strictObject({ id }),
  attachToRosterUnit: z.strictObject({ unitId: id, agencyKey: key }),
  getCoverage: z.strictObject({ filter: reportFilterSchema.optional(), page: pageSchema })
} satisfies { [K in ApiMethodName]: z.ZodType<ApiArgs<K>> }

// Every listed method has a schema (API_METHODS and apiSchemas cannot drift apart).
const _schemaKeys: readonly (keyof typeof apiSchemas)[] = API_METHODS
void _schemaKeys

/** "page.limit: 须不大于 500" — a Chinese, field-named message for INVALID_ARGUMENT. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map(i => {
      const where = i.path.length ? i.path.map(String).join('.') : '参数'
      return `${where}: ${issueText(i)}`
    })
    .join('；')
}

function issueText(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return `类型错误，应为 ${i.expected}`
    case 'too_small':
      return `须不小于 ${String(i.minimum)}`
    case 'too_big':
      return `须不大于 ${String(i.maximum)}`
    case 'unrecognized_keys':
      return `不认识的字段 ${i.keys.join('、')}`
    case 'invalid_value':
      return `取值无效（可选：${i.values.map(String).join('、')}）`
    case 'custom':
      return i.message
    default:
      return i.message
  }
}

export type ValidationResult<K extends ApiMethodName> =
  { ok: true; args: ApiArgs<K> } | { ok: false; message: string }

/** Validate a call's single argument. */
export function validateArgs<K extends ApiMethodName>(
  method: K,
  args: unknown
): ValidationResult<K> {
  const schema = apiSchemas[method] as z.ZodType<ApiArgs<K>>
  const r = schema.safeParse(args)
  if (r.success) return { ok: true, args: r.data }
  return { ok: false, message: `参数无效（${method}）：${describeIssues(r.error)}` }
}

export function isApiMethod(name: string): name is ApiMethodName {
  return (API_METHODS as readonly string[]).includes(name)
}
