/**
 * The one contract between the screens and the core. Implemented three times with the same
 * semantics: by the core service (src/core/service), by the preload over IPC, and by the
 * renderer's HTTP client (src/renderer/src/api/http-api.ts) for `npm run serve`.
 *
 * Conventions, so every transport behaves the same:
 * - every request method takes at most ONE plain-JSON argument object and returns
 *   `Promise<Result<T>>`; it never rejects — errors travel as data with a Chinese message;
 * - values are plain JSON (no Date, Map, undefined-vs-missing distinctions that JSON loses);
 * - reports and agencies are addressed by id / key, never by file path, except the few
 *   folder methods, whose paths are checked against the watched folders;
 * - arguments are validated against src/shared/schemas.ts at the transport boundary.
 */
import type { FileFormat, OcrBox } from './document'
import type { DocumentOcr, OcrCellStatus } from './model'
import type {
  AgencyLevel,
  DateOfYear,
  LabelIssue,
  ParseNote,
  SectionInfo,
  SwitchableRule,
  Tables
} from './model'
import type { OfficeSettings, Ranking, ScoreWeights } from './ranking'
import type {
  CoverageCounts,
  CoverageEntry,
  CoverageStatus,
  RegionCoverage,
  RosterUnit
} from './roster'
import type { Finding, RuleGroup, RuleId, Severity } from './rules'
import type { TableKey, TemplateVersion } from './template'
import type {
  ExportReviewResult,
  ImportReviewResult,
  ReviewConflict,
  ReviewHistoryEntry,
  RosterConflict
} from './review-work'
export type * from './review-work'

// ---------------------------------------------------------------- results

export const ERROR_CODES = [
  'INVALID_ARGUMENT', // an argument failed the schema (message says which)
  'FORBIDDEN', // the caller is not our renderer (IPC sender / HTTP token)
  'NOT_FOUND', // no such report / agency / folder
  'PATH_NOT_ALLOWED', // a path outside the watched folders (or an export inside one)
  'FOLDER_UNAVAILABLE', // a folder that does not exist or cannot be read
  'NOT_AVAILABLE', // not offered by this build or transport (e.g. a native dialog over HTTP)
  'CANCELLED', // the user cancelled a dialog
  'BUSY', // e.g. an export already running
  'TOO_LARGE', // the result would be too large to make at once (narrow the filter)
  'IO_ERROR',
  'DB_ERROR',
  'INTERNAL'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ApiError {
  code: ErrorCode
  /** Simplified Chinese, shown to the user as it is. */
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } }
}

// ---------------------------------------------------------------- vocabulary

export type {
  BulletinCoverage,
  OfficeSettings,
  Ranking,
  RankingRow,
  ScoreWeights,
  UnitStatus,
  UnitYear
} from './ranking'
export {
  AGENCY_LEVELS,
  AGENCY_LEVEL_NAMES,
  SWITCHABLE_RULES,
  type AgencyLevel,
  type DateOfYear,
  type SwitchableRule
} from './model'
export {
  COVERAGE_STATUS_NAMES,
  COVERAGE_STATUSES,
  type CoverageCounts,
  type CoverageEntry,
  type CoverageStatus,
  type RegionCoverage,
  type RosterUnit,
  type RosterUnitInput
} from './roster'

/** A report's (or an agency-year's) colour: worst severity among its open findings. */
export type ReportStatus = 'clean' | 'warnings' | 'errors'
/** A file (and its report) is kept, 'removed', when deleted from its folder: history stays. */
export type FileStatus = 'current' | 'removed'
/** An agency's level as inferred from its name, or as the user set it. */
export type LevelSource = 'inferred' | 'user'

/** A matrix cell also knows "no report that year". */
export type CellStatus = ReportStatus | 'none'

export type SortDir = 'asc' | 'desc'

export interface PageArgs {
  offset: number
  /** 1..500 */
  limit: number
}
export interface Page<T> {
  items: T[]
  /** Rows matching the filter, all pages. */
  total: number
  offset: number
}

/**
 * The active filters, shared by overview, lists, trends and export (export follows the filters).
 * Absent fields do not filter. Removed reports are excluded unless includeRemoved.
 */
export interface ReportFilter {
  /** Reporting years; empty or absent = all years. */
  years?: number[]
  /** Substring of the agency name (whitespace-insensitive) or of the file path. */
  search?: string
  /** Reports with at least one finding of this severity. */
  severity?: Severity
  /** Reports with at least one finding of one of these rules. */
  rules?: RuleId[]
  /** Reports with at least one finding of one of these rule groups. */
  groups?: RuleGroup[]
  levels?: AgencyLevel[]
  /** Restrict to these agencies (agency keys). */
  agencies?: string[]
  /** Reports whose colour is one of these. */
  statuses?: ReportStatus[]
  /**
   * 待审: reports with at least one error or warning nobody has decided yet (confirmed or
   * dismissed), the review queue (issue #22).
   */
  pending?: boolean
  /** Only files without an agency or a year (无法识别的文件: not reports, or unreadable). */
  unrecognised?: boolean
  /** Count dismissed findings too (default false: a dismissed finding no longer colours). */
  includeDismissed?: boolean
  includeRemoved?: boolean
  /** Roster units of these 所属地区 (and their reports); needs a roster. */
  regions?: string[]
  /**
   * Only problems: with a roster, units with a year 未报送 or 逾期 or a report with errors; reports
   * with errors or published late (M05).
   */
  problems?: boolean
}

// ---------------------------------------------------------------- overview

export interface SeverityCounts {
  error: number
  warning: number
  info: number
}

export interface Overview {
  counts: {
    agencies: number
    /**
     * Reports with an agency and a year, one per file: an agency-year's copies (M02: a .html and a
     * .pdf of one report, a revised file) each count, as 报告审阅 lists them and 错误/警告 count
     * them; `duplicates` says how many of them are such extra copies. The other files are counted
     * in `unrecognised` only. 单位's 报告数 (AgencySummary.reports) sums to this.
     */
    reports: number
    /** Of `reports`, the copies beyond the one that counts for their agency-year (superseded, M02). */
    duplicates: number
    /** Distinct reporting years present, ascending. */
    years: number[]
    /** Files seen that are not (readable) reports: M03 with no agency/year. */
    unrecognised: number
    /** Reports whose file was deleted (kept for history). */
    removed: number
  }
  /** Over `counts.reports` (files that are not reports left out, as below). */
  reportsByStatus: Record<ReportStatus, number>
  /** Finding counts by severity, over the filtered reports (not over unrecognised files). */
  findings: SeverityCounts
  /** One entry per rule group, in RULE_GROUPS order; `reports`: those with an error or warning of it. */
  byGroup: Array<{ group: RuleGroup; findings: SeverityCounts; reports: number }>
  /** Rules that fired at least once, most frequent first. */
  byRule: Array<{ rule: RuleId; severity: Severity; findings: number; reports: number }>
  /** Reviews: how many open findings are confirmed, dismissed, still undecided. */
  reviews: { confirmed: number; dismissed: number; pending: number }
  /** Reports with errors or warnings: all decided (已审) or not yet (待审), by agency level. */
  reviewProgress: ReviewProgress
  /** With a roster only: 应报 / 已报 / 按时 / 逾期 / 未报 over the filtered units and years. */
  coverage?: CoverageSummary
}

export interface ReportCount {
  reports: number
  duplicates: number
  unrecognised: number
}

export interface ReviewProgress {
  reviewed: number
  pending: number
  /** level null: reports without an agency. */
  byLevel: Array<{ level: AgencyLevel | null; reviewed: number; pending: number }>
  /**
   * With a roster only: by the 所属地区 of the report's roster unit, in roster order (issue #22:
   * progress "per unit and region"); then the agencies on no roster and the files with no agency.
   */
  byRegion?: RegionProgress[]
}

export interface RegionProgress {
  /** 'region': a roster unit's 所属地区 (`region` null: the unit has none); 'unlisted': 名单外; 'none': no agency. */
  kind: 'region' | 'unlisted' | 'none'
  region: string | null
  reviewed: number
  pending: number
}

export interface CoverageSummary {
  /** The years under review: the filter's, else those of the reports found. */
  years: number[]
  counts: CoverageCounts
  /** Completion per 所属地区 (units without one under null), in roster order of first appearance. */
  regions: RegionCoverage[]
}

export interface MatrixCell {
  year: number
  status: CellStatus
  /** The report shown for this agency-year (the current, non-superseded one), null for 'none'. */
  reportId: number | null
  errors: number
  warnings: number
  /** More than one report for the agency-year (M02). */
  duplicates: number
  /**
   * The agency-year's only report is of a file deleted since (status 'none', reportId that
   * report): the agency stays in the matrix, and the report can still be opened (issue #22).
   */
  removed: boolean
  /** With a roster: the unit-year's coverage (absent for a year the unit need not report). */
  coverage?: CoverageStatus
  published?: string | null
  deadline?: string | null
}

export interface MatrixRow {
  agencyKey: string
  name: string
  level: AgencyLevel
  /** One cell per year of Matrix.years, same order. */
  cells: MatrixCell[]
  /** With a roster: the unit (null for an agency on no roster: 名单外) and its 所属地区. */
  unitId?: number | null
  region?: string | null
}

/**
 * 'roster' (the screen's default): with a roster, the units in the roster's own order as imported
 * (the order of the supervisor's Excel list, which they tick against), without one 拼音.
 */
export type MatrixSort = 'name' | 'pinyin' | 'problems' | 'roster'

export interface Matrix {
  years: number[]
  rows: MatrixRow[]
  /** Agencies matching the filter, all pages. */
  total: number
  offset: number
}

// ---------------------------------------------------------------- agencies

/** errors / warnings: the latest report's open findings (AgencySummary.latest). */
export type AgencySortKey =
  'name' | 'level' | 'reports' | 'latestYear' | 'status' | 'errors' | 'warnings'

export interface AgencyTrendPoint {
  year: number
  status: CellStatus
  errors: number
  warnings: number
  /** 本年新收申请总数, null when the table was not found. */
  received: number | null
}

export interface AgencySummary {
  key: string
  name: string
  level: AgencyLevel
  levelSource: LevelSource
  /** Other names merged into this agency (display names). */
  aliases: string[]
  /** Its reports (agency and year known), duplicates included, as Overview.counts.reports. */
  reports: number
  /** Of `reports`, copies of a year it has another report of (M02, superseded). */
  duplicates: number
  years: number[]
  latestYear: number | null
  latestReportId: number | null
  /** Colour of the latest year's report. */
  latestStatus: CellStatus
  /** Open findings of the latest report. */
  latest: SeverityCounts
  /** Open findings over all filtered reports of the agency. */
  total: SeverityCounts
  /** Its filtered reports with errors or warnings: all decided, or not yet (issue #22). */
  review: { reviewed: number; pending: number }
  /** Small trend, ascending years. */
  trend: AgencyTrendPoint[]
}

export interface AgencyQuery {
  filter?: ReportFilter
  sort?: { key: AgencySortKey; dir: SortDir }
  page: PageArgs
}

// ---------------------------------------------------------------- reports

export type ReportSortKey =
  'agency' | 'year' | 'file' | 'status' | 'errors' | 'warnings' | 'parsedAt'

export interface ReportSummary {
  id: number
  /** Watched folder (absolute) and path relative to it with '/' separators. */
  root: string
  file: string
  format: FileFormat
  sha256: string
  status: FileStatus
  removedAt: string | null
  agencyKey: string | null
  /** Agency display name (after alias merge); the parsed name is ReportDetail.parsedAgency. */
  agency: string | null
  level: AgencyLevel | null
  year: number | null
  template: TemplateVersion | null
  /** Another file claims the same agency-year and is the one shown (M02). */
  superseded: boolean
  reportStatus: ReportStatus
  /** Open findings (dismissed excluded unless the filter includes them). */
  findings: SeverityCounts
  reviews: { confirmed: number; dismissed: number; pending: number }
  publicationDate: string | null
  /** ISO timestamp of the last parse. */
  parsedAt: string
}

export interface ReportQuery {
  filter?: ReportFilter
  sort?: { key: ReportSortKey; dir: SortDir }
  page: PageArgs
}

export type ReviewDecisionKind = 'confirmed' | 'dismissed'

/** 'report': from this file alone; 'years': cross-year (Y); 'duplicate': M02. */
export type FindingSource = 'report' | 'years' | 'duplicate'

export interface ReviewDecision {
  decision: ReviewDecisionKind
  note: string
  reviewer: string
  decidedAt: string
  /** The decision was made on other file content (the file changed since). */
  stale: boolean
  /** The finding's message when the decision was made. */
  message: string
}

/** A finding as the review screen shows it. */
export interface FindingView extends Finding {
  /** Stable within a report across re-parses: `${rule}|${locKey}`; used to save decisions. */
  key: string
  locKey: string
  ruleGroup: RuleGroup
  source: FindingSource
  review: ReviewDecision | null
}

/** A parsed table grid as found in the document (for the 表格 tab). */
export interface SourceTable {
  line: number
  endLine: number
  rows: Array<{ line: number; cells: string[] }>
}

/** One cell of a report read by OCR (issue #24): what the sums said of it and where it is. */
export interface OcrCellView {
  status: OcrCellStatus
  /** The value as read (null: not read), or the supervisor's corrected value. */
  value: number | null
  /** The value the table's sums imply, where two of them agree on one that differs. */
  suggested?: number
  /** The text OCR read and its confidence (0–1). */
  text: string
  confidence: number
  /** Where the cell is on its page (fractions of the page image); null when not known. */
  box: OcrBox | null
}

/** A report read by OCR: its pages and every cell; `uncertain` as cli.md prints it. */
export interface ReportOcr {
  reportId: number
  pages: number
  engine: string
  pageSizes: DocumentOcr['pageSizes']
  uncertain: string[]
  cells: Record<string, OcrCellView>
}

export interface ReportDetail {
  summary: ReportSummary
  /** Agency name as written in the report (before alias merge). */
  parsedAgency: string | null
  encoding: string | null
  /** Source text, one entry per line; line N is lines[N - 1]. */
  lines: string[]
  /** The template tables as parsed (cli.md shape). */
  tables: Tables
  /** Table grids as found in the source. */
  sourceTables: SourceTable[]
  sections: SectionInfo[]
  tableLines: Partial<Record<TableKey, [number, number]>>
  labelIssues: LabelIssue[]
  notes: ParseNote[]
  /** All findings (dismissed included, marked by review), in rule order. */
  findings: FindingView[]
  /** Decisions whose finding no longer appears after the file changed. */
  orphanReviews: Array<ReviewDecision & { rule: RuleId; locKey: string }>
  /** Other reports of the same agency: for jumping between years. */
  siblings: Array<{ id: number; year: number | null; file: string; status: FileStatus }>
}

export interface AdjacentQuery {
  id: number
  filter?: ReportFilter
  sort?: { key: ReportSortKey; dir: SortDir }
}
export interface Adjacent {
  prev: number | null
  next: number | null
  /** 0-based position of `id` in the filtered order, -1 when it does not match the filter. */
  index: number
  total: number
}

export interface ReviewArgs {
  reportId: number
  /** FindingView.key of the finding judged. */
  key: string
  /** null clears the decision. */
  decision: ReviewDecisionKind | null
  note?: string
}

// ---------------------------------------------------------------- trends

export interface OutcomeBreakdown {
  granted: number | null
  partiallyGranted: number | null
  denied: number | null
  unable: number | null
  notProcessed: number | null
  other: number | null
  total: number | null
}

export interface ReviewLitigationPoint {
  upheld: number | null
  corrected: number | null
  other: number | null
  pending: number | null
  total: number | null
}

/**
 * One year of the 同比趋势 screen. Sums over the agencies in scope; a value is null when no report
 * of that year had the table/cell (so a chart shows a gap, not a false 0).
 */
export interface TrendPoint {
  year: number
  reports: number
  reportsWithErrors: number
  /** reportsWithErrors / reports, 0..1; null when reports = 0. */
  errorShare: number | null
  received: number | null
  carriedOver: number | null
  outcomes: OutcomeBreakdown
  carriedForward: number | null
  review: ReviewLitigationPoint
  litigationDirect: ReviewLitigationPoint
  litigationAfterReview: ReviewLitigationPoint
  licensing: number | null
  penalty: number | null
  fees: number | null
}

export interface TrendQuery {
  /** One agency; absent = all agencies matching the filter. */
  agencyKey?: string
  filter?: ReportFilter
}
export interface Trends {
  /** Agency name, or null for "all filtered agencies". */
  agency: string | null
  agencies: number
  points: TrendPoint[]
}

// ---------------------------------------------------------------- folders, settings, export

export type PollingMode = 'auto' | 'on' | 'off'

export interface WatchedFolderSetting {
  /** Absolute path as the user chose it. */
  path: string
  /** 'auto': polling for network paths (UNC \\server\share, //server/share), events otherwise. */
  polling: PollingMode
}

export interface Settings {
  watchedFolders: WatchedFolderSetting[]
  /** Publication deadline in the year after the reporting year, by agency level (M05). */
  deadlines: Record<AgencyLevel, DateOfYear>
  reviewerName: string
  /** 单位信息: who issues the 通报 and the 整改意见, to whom, by when. */
  office: OfficeSettings
  /** The ranking's weights (排名). */
  scoreWeights: ScoreWeights
  /** Whether S06 (repeated words, sub-heading sequence) and Y05 (text copied between units) run. */
  checks: Record<SwitchableRule, boolean>
  /**
   * 文字识别（OCR）: scanned reports are read by OCR (issue #24; default on). Off, a scan gets its
   * M03 as before. A change re-reads the files it concerns.
   */
  ocr: boolean
}

export type SettingsPatch = Partial<
  Pick<Settings, 'deadlines' | 'reviewerName' | 'office' | 'scoreWeights' | 'checks' | 'ocr'>
>

export type FolderState = 'scanning' | 'watching' | 'unavailable' | 'stopped'

export interface WatchedFolderStatus extends WatchedFolderSetting {
  state: FolderState
  /** Polling actually in use (resolved from 'auto'). */
  usingPolling: boolean
  /** Current (not removed) files known under this folder. */
  files: number
  error: string | null
  lastScanAt: string | null
}

export interface IngestProgress {
  /** Files handled since the queue was last idle. */
  done: number
  /** done + queued + in progress. */
  total: number
  /** Path (relative to its folder) being processed, null when idle. */
  current: string | null
  /** `current` is a scan being read by OCR: the page just read. */
  ocr?: { page: number; pages: number }
  idle: boolean
}

export interface WatchStatus {
  folders: WatchedFolderStatus[]
  progress: IngestProgress
}

export type ExportKind = 'xlsx' | 'docx'

export interface ExportArgs {
  filter?: ReportFilter
  /** 整改意见 only: list confirmed findings only (not those still undecided). */
  confirmedOnly?: boolean
  /** Absolute .xlsx (.docx) path. Absent: the core writes into its exports folder (HTTP: then download). */
  path?: string
}
export interface BulletinArgs {
  year?: number
  /** Absolute .docx path; absent as for ExportArgs. */
  path?: string
}

export interface RankingArgs {
  year?: number
  levels?: AgencyLevel[]
}

export interface ExportResult {
  path: string
  reports: number
  findings: number
  /**
   * The workbook: of its `reports` rows, reports (as Overview.counts.reports), their duplicates
   * and the files that are not reports, so the message says what 总览 says.
   */
  counted?: ReportCount
  /** Over HTTP: a URL (same origin, token included) to download the file; null over IPC. */
  downloadUrl: string | null
}

export interface AppInfo {
  version: string
  transport: 'ipc' | 'http'
  dbPath: string
  platform: string
  /** The backup of the supervisor's own work beside the database (store/user-data.ts). */
  userDataPath: string
  /** When it was last written (ISO), null before the first time. */
  userDataSavedAt: string | null
}

// ---------------------------------------------------------------- events

export type AppEvent =
  | {
      type: 'progress'
      done: number
      total: number
      file: string | null
      /** `file` is a scan being read by OCR: the page just read (issue #24). */
      ocr?: { page: number; pages: number }
    }
  | {
      type: 'ingested'
      root: string
      file: string
      reportId: number | null
      agency: string | null
      year: number | null
      findings: number
      errors: number
      warnings: number
    }
  | { type: 'removed'; root: string; file: string; reportId: number | null }
  | { type: 'error'; root: string | null; file: string | null; code: ErrorCode; message: string }
  /** The queue drained: everything seen so far is in the database. */
  | { type: 'idle'; done: number }
  /** A folder changed state (added, removed, scanning, unavailable…). */
  | { type: 'folders'; folders: WatchedFolderStatus[] }
  /** Data changed other than by a file (level edit, alias merge, deadlines): refetch views. */
  | { type: 'changed'; reason: 'settings' | 'agencies' | 'reviews' | 'roster' }
  | { type: 'export-progress'; done: number; total: number }

// ---------------------------------------------------------------- the interface

export interface ApiMethods {
  getAppInfo(): Promise<Result<AppInfo>>

  // 总览
  getOverview(args: { filter?: ReportFilter }): Promise<Result<Overview>>
  /** Rows by name (default), by 拼音, or worst first (most open errors, then warnings). */
  getMatrix(args: {
    filter?: ReportFilter
    page: PageArgs
    sort?: MatrixSort
  }): Promise<Result<Matrix>>

  // 单位
  listAgencies(args: AgencyQuery): Promise<Result<Page<AgencySummary>>>
  getAgency(args: { key: string }): Promise<Result<AgencySummary>>

  // 报告审阅
  listReports(args: ReportQuery): Promise<Result<Page<ReportSummary>>>
  getReport(args: { id: number }): Promise<Result<ReportDetail>>
  getAdjacentReports(args: AdjacentQuery): Promise<Result<Adjacent>>
  /** Saved at once; returns the decision as stored (null when cleared). */
  setReview(args: ReviewArgs): Promise<Result<ReviewDecision | null>>
  /** Every decision and change of decision on a report's findings, oldest first (issue #22). */
  getReviewHistory(args: { reportId: number }): Promise<Result<ReviewHistoryEntry[]>>
  /** One's decisions and agency merges as a file for a colleague (shared/review-work.ts). */
  exportReviewWork(): Promise<Result<ExportReviewResult>>
  /** A colleague's file taken in: matched by file content and finding key; conflicts kept for the user. */
  importReviewWork(args: { content: string }): Promise<Result<ImportReviewResult>>
  /** Conflicts from imports not yet settled. */
  listReviewConflicts(): Promise<Result<ReviewConflict[]>>
  /** A report read by OCR: its cells, their reads, boxes and what the sums said; null if not OCR'd. */
  getOcrCells(args: { reportId: number }): Promise<Result<ReportOcr | null>>
  /** One page of an OCR'd report as a PNG data URL (`data:image/png;base64,…`). */
  getOcrPage(args: { reportId: number; page: number }): Promise<Result<{ dataUrl: string }>>
  /**
   * The supervisor's check of one OCR'd cell on the image: the value they read, 'confirmed' (as
   * OCR read it), or null to withdraw it. Kept by file content and cell key (it outlives a
   * re-parse; in the backup); the report's values and findings follow at once.
   */
  setOcrCorrection(args: {
    reportId: number
    cellKey: string
    value: number | 'confirmed' | null
  }): Promise<Result<ReportOcr>>
  /** Settles one conflict: keep mine, or take theirs (recorded in the history either way). */
  settleReviewConflict(args: { id: number; take: 'mine' | 'theirs' }): Promise<Result<null>>
  /** Differences between a colleague's roster and mine, from imports not yet settled. */
  listRosterConflicts(): Promise<Result<RosterConflict[]>>
  /** Settles one: keep my roster as it is, or make it as theirs for that unit. */
  settleRosterConflict(args: { id: number; take: 'mine' | 'theirs' }): Promise<Result<null>>

  // 同比趋势
  getTrends(args: TrendQuery): Promise<Result<Trends>>

  // folders and ingest
  getWatchStatus(): Promise<Result<WatchStatus>>
  /** Native folder dialog (IPC only; NOT_AVAILABLE over HTTP). null when cancelled. */
  pickFolder(): Promise<Result<string | null>>
  /** Starts watching (full scan first); idempotent. */
  addWatchedFolder(args: { path: string; polling?: PollingMode }): Promise<Result<WatchStatus>>
  removeWatchedFolder(args: { path: string }): Promise<Result<WatchStatus>>
  /** Full hash-keyed rescan of one watched folder, or all when path is absent. */
  rescan(args: { path?: string }): Promise<Result<WatchStatus>>
  /** Show a report's source file in the OS file manager (IPC only). Path must be watched. */
  revealFile(args: { reportId: number }): Promise<Result<null>>
  /**
   * Open a report's source file. In the desktop app: in the program the system uses for it,
   * documents only (PDF, Word, OFD, web pages, text); any other file found in a folder is shown in
   * the file manager instead, never run. Over HTTP: a URL (same origin, token included) that
   * downloads it.
   */
  openFile(args: { reportId: number }): Promise<Result<{ downloadUrl: string | null }>>

  // export (following the filters): the workbook, and the rectification notices as Word
  /** Native save dialog (IPC only; NOT_AVAILABLE over HTTP). null when cancelled. */
  pickExportPath(args: { defaultName: string; kind?: ExportKind }): Promise<Result<string | null>>
  exportXlsx(args: ExportArgs): Promise<Result<ExportResult>>
  /**
   * 整改意见 (.docx): one notice per report with open findings (shared/notice.ts). `path` ends in
   * .docx; ExportResult counts the notices and the findings listed.
   */
  exportNotices(args: ExportArgs): Promise<Result<ExportResult>>
  /**
   * 通报 (.docx) of one reporting year (default: the latest): coverage, problems by group with
   * examples, the units with most problems, 整改要求. ExportResult counts units and findings.
   */
  exportBulletin(args: BulletinArgs): Promise<Result<ExportResult>>
  /** Each unit's score and rank in a year (default: the latest), worst first, with the coverage. */
  getRanking(args: RankingArgs): Promise<Result<Ranking>>

  // settings
  getSettings(): Promise<Result<Settings>>
  updateSettings(args: SettingsPatch): Promise<Result<Settings>>
  setAgencyLevel(args: { key: string; level: AgencyLevel }): Promise<Result<AgencySummary>>
  /** Merge agencies `from` into `into` (aliases: reports of `from` count as `into`). */
  mergeAgencies(args: { into: string; from: string[] }): Promise<Result<AgencySummary>>
  /** Undo a merge: the alias name becomes its own agency again. */
  unmergeAgency(args: { alias: string }): Promise<Result<null>>

  // 名单 (应报送单位名单) and coverage
  getRoster(): Promise<Result<RosterUnit[]>>
  /**
   * Replaces the roster with a file's (.xlsx / .csv, bytes as base64) or pasted text (one unit a
   * line). A bad file changes nothing; the message names the row.
   */
  importRoster(args: RosterImportArgs): Promise<Result<RosterUnit[]>>
  clearRoster(): Promise<Result<RosterUnit[]>>
  addRosterUnit(args: RosterUnitEdit & { name: string }): Promise<Result<RosterUnit[]>>
  /** A rename keeps the old name as an alias (the unit's earlier reports still count). */
  updateRosterUnit(args: RosterUnitEdit & { id: number }): Promise<Result<RosterUnit[]>>
  removeRosterUnit(args: { id: number }): Promise<Result<RosterUnit[]>>
  /** An unlisted agency's reports count for the unit from now on (recorded as its alias). */
  attachToRosterUnit(args: { unitId: number; agencyKey: string }): Promise<Result<RosterUnit[]>>
  /** Coverage entries, units in roster order then the unlisted; null without a roster. */
  getCoverage(args: { filter?: ReportFilter; page: PageArgs }): Promise<Result<CoveragePage | null>>
}

export type RosterImportArgs = { fileName: string; dataBase64: string } | { text: string }

export interface RosterUnitEdit {
  name?: string
  level?: AgencyLevel | null
  region?: string | null
  aliases?: string[]
  startYear?: number | null
  endYear?: number | null
}

export interface CoveragePage extends Page<CoverageEntry> {
  summary: CoverageSummary
}

export type ApiMethodName = keyof ApiMethods
export type ApiArgs<K extends ApiMethodName> = Parameters<ApiMethods[K]>[0]

export interface Api extends ApiMethods {
  /** Subscribe to app events; returns the unsubscribe function. */
  onEvent(cb: (e: AppEvent) => void): () => void
}

/** Every request method, for transports that build their handlers from a list. */
export const API_METHODS = [
  'getAppInfo',
  'getOverview',
  'getMatrix',
  'listAgencies',
  'getAgency',
  'listReports',
  'getReport',
  'getAdjacentReports',
  'setReview',
  'getReviewHistory',
  'exportReviewWork',
  'importReviewWork',
  'listReviewConflicts',
  'settleReviewConflict',
  'getOcrCells',
  'getOcrPage',
  'setOcrCorrection',
  'listRosterConflicts',
  'settleRosterConflict',
  'getTrends',
  'getWatchStatus',
  'pickFolder',
  'addWatchedFolder',
  'removeWatchedFolder',
  'rescan',
  'revealFile',
  'openFile',
  'pickExportPath',
  'exportXlsx',
  'exportNotices',
  'exportBulletin',
  'getRanking',
  'getSettings',
  'updateSettings',
  'setAgencyLevel',
  'mergeAgencies',
  'unmergeAgency',
  'getRoster',
  'importRoster',
  'clearRoster',
  'addRosterUnit',
  'updateRosterUnit',
  'removeRosterUnit',
  'attachToRosterUnit',
  'getCoverage'
] as const satisfies readonly ApiMethodName[]

// Compile-time check that API_METHODS lists every method (and nothing else).
type Missing = Exclude<ApiMethodName, (typeof API_METHODS)[number]>
const _allListed: Missing extends never ? true : Missing = true
void _allListed

// ---------------------------------------------------------------- IPC channel names

/** Channel of one request method (ipcMain.handle / ipcRenderer.invoke). */
export function ipcChannel(method: ApiMethodName): string {
  return `api:${method}`
}
/** Channel on which main sends AppEvents to the window. */
export const IPC_EVENT_CHANNEL = 'api:event'
