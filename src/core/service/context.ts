/**
 * What every room of the service shares: the options it was created with, the open store (through
 * withStore), events, the folder watcher and the backup. The handlers (handlers/<domain>.ts) each
 * take this and return their part of the Api; service/index.ts merges them and checks the whole
 * against the contract (`satisfies Service`).
 */
import type {
  Api,
  AppEvent,
  ReportCount,
  ReportFilter,
  Result,
  Settings,
  WatchStatus
} from '../../shared/api'
import { fail } from '../../shared/api'
import { isPathInside } from '../fs/path-guard'
import type { Logger } from '../logger'
import type { Store } from '../store/index'
import { folderSettings, getFolderPolling } from '../store/queries/settings'
import type { FolderWatcher, WatchOptions } from '../watch/watcher'
import type { Backup } from './backup'

/** Writes an export file (the workbook, the notices); the export module's, or a test's. */
export type Exporter = (
  store: Store,
  args: {
    filter: ReportFilter
    path: string
    onProgress: (done: number, total: number) => void
    /** The 整改意见 only: confirmed findings alone. */
    confirmedOnly?: boolean
    now?: Date
  }
) => Promise<{ reports: number; findings: number; counted?: ReportCount }>

export interface ServiceOptions {
  dbPath: string
  now?: () => Date
  logger?: Logger
  /** Folder for exports written without a chosen path (HTTP downloads). */
  exportDir?: string
  /** The workbook's writer (tests replace it); the notices' is always export/notices.ts. */
  exporter?: Exporter
  transport?: 'ipc' | 'http'
  version?: string
  watch?: WatchOptions
  /** Start watching the saved folders on open (default true). */
  autoWatch?: boolean
  /** The user's home folder, which is not watched whole (default os.homedir()). */
  homeDir?: string
  /**
   * A page of a scanned report as PNG bytes, for the OCR review (getOcrPage; issue #24). Default:
   * the OCR engine's renderer (extract/ocr/render.ts, PDFium at 200 dpi); tests give their own.
   */
  renderPage?: (absPath: string, page: number) => Promise<Buffer>
}

export interface Service extends Api {
  /** Resolves once the database is open and saved folders are being watched. */
  ready(): Promise<Result<null>>
  /**
   * After ready(): what the user must be told about opening the database (a damaged file set
   * aside and a new one started), or null.
   */
  startupNotice(): string | null
  /** Absolute path of a report's file, refused unless it lies in a watched folder. */
  reportFile(reportId: number): Promise<Result<string>>
  /** Resolves when the ingest queue is empty. */
  whenIdle(): Promise<void>
  close(): Promise<void>
}

export interface ServiceContext {
  readonly opts: ServiceOptions
  readonly logger: Logger
  now(): Date
  emit(e: AppEvent): void
  /** Runs `fn` with the open store; any throw becomes INTERNAL / DB_ERROR data. */
  withStore<T>(fn: (s: Store) => Promise<Result<T>>): Promise<Result<T>>
  /** One run of a read already running with the same key (see index.ts). */
  shared<T>(key: string, read: () => Promise<T>): Promise<T>
  readonly watcher: FolderWatcher
  watchStatus(): Promise<WatchStatus>
  readonly backup: Backup
}

/** A desktop-only call (a native dialog, the file manager) answered over another transport. */
export const notAvailable = <T>(what: string): Promise<Result<T>> =>
  Promise.resolve(fail<T>('NOT_AVAILABLE', `${what}仅在桌面应用中可用`))

/** The settings as the Api shows them: folders with their polling mode. */
export async function settingsOf(s: Store): Promise<Settings> {
  const st = await s.getSettings()
  return {
    watchedFolders: folderSettings(st.watchedFolders, await getFolderPolling(s.db)),
    deadlines: st.deadlines,
    reviewerName: st.reviewerName,
    office: st.office,
    scoreWeights: st.scoreWeights,
    checks: st.checks,
    ocr: st.ocr
  }
}

/** The saved folder matching `p` (same folder, case-insensitive on Windows), or null. */
export async function watchedMatch(s: Store, p: string): Promise<string | null> {
  const folders = (await s.getSettings()).watchedFolders
  return folders.find(f => isPathInside(p, f) && isPathInside(f, p)) ?? null
}
