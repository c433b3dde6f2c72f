/**
 * The one place that decides which Api the screens talk to: the preload's `window.api` inside
 * Electron, the HTTP client under `npm run serve` (browser, e2e). Screens import `api` from here
 * and never know which transport they run on.
 */
import type { Api } from '../../../shared/api'
import { createHttpApi } from './http-api'

declare global {
  interface Window {
    /** Exposed by src/preload in Electron; absent in a plain browser. */
    api?: Api
  }
}

export const api: Api = window.api ?? createHttpApi()
