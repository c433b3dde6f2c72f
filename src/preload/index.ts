/**
 * Exposes `window.api`: functions only, each a single ipcRenderer.invoke on its own channel. The
 * renderer never sees ipcRenderer or an Electron event object — event callbacks receive the plain
 * AppEvent. `satisfies Api` makes a missing or mistyped method a compile error.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type Api,
  type ApiMethodName,
  type ApiMethods,
  type AppEvent
} from '../shared/api'

function invoke<K extends ApiMethodName>(method: K): ApiMethods[K] {
  const channel = ipcChannel(method)
  return ((args?: unknown) =>
    args === undefined
      ? ipcRenderer.invoke(channel)
      : ipcRenderer.invoke(channel, args)) as ApiMethods[K]
}

const api = {
  getAppInfo: invoke('getAppInfo'),
  getOverview: invoke('getOverview'),
  getMatrix: invoke('getMatrix'),
  listAgencies: invoke('listAgencies'),
  getAgency: invoke('getAgency'),
  listReports: invoke('listReports'),
  getReport: invoke('getReport'),
  getAdjacentReports: invoke('getAdjacentReports'),
  setReview: invoke('setReview'),
  getReviewHistory: invoke('getReviewHistory'),
  getOcrCells: invoke('getOcrCells'),
  getOcrPage: invoke('getOcrPage'),
  setOcrCorrection: invoke('setOcrCorrection'),
  exportReviewWork: invoke('exportReviewWork'),
  importReviewWork: invoke('importReviewWork'),
  listReviewConflicts: invoke('listReviewConflicts'),
  settleReviewConflict: invoke('settleReviewConflict'),
  listRosterConflicts: invoke('listRosterConflicts'),
  settleRosterConflict: invoke('settleRosterConflict'),
  getTrends: invoke('getTrends'),
  getWatchStatus: invoke('getWatchStatus'),
  pickFolder: invoke('pickFolder'),
  addWatchedFolder: invoke('addWatchedFolder'),
  removeWatchedFolder: invoke('removeWatchedFolder'),
  rescan: invoke('rescan'),
  revealFile: invoke('revealFile'),
  openFile: invoke('openFile'),
  pickExportPath: invoke('pickExportPath'),
  exportXlsx: invoke('exportXlsx'),
  exportNotices: invoke('exportNotices'),
  exportBulletin: invoke('exportBulletin'),
  getRanking: invoke('getRanking'),
  getSettings: invoke('getSettings'),
  updateSettings: invoke('updateSettings'),
  setAgencyLevel: invoke('setAgencyLevel'),
  mergeAgencies: invoke('mergeAgencies'),
  unmergeAgency: invoke('unmergeAgency'),
  getRoster: invoke('getRoster'),
  importRoster: invoke('importRoster'),
  clearRoster: invoke('clearRoster'),
  addRosterUnit: invoke('addRosterUnit'),
  updateRosterUnit: invoke('updateRosterUnit'),
  removeRosterUnit: invoke('removeRosterUnit'),
  attachToRosterUnit: invoke('attachToRosterUnit'),
  getCoverage: invoke('getCoverage'),
  onEvent(cb: (e: AppEvent) => void): () => void {
    const listener = (_event: IpcRendererEvent, e: AppEvent): void => cb(e)
    ipcRenderer.on(IPC_EVENT_CHANNEL, listener)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, listener)
    }
  }
} satisfies Api

contextBridge.exposeInMainWorld('api', api)
