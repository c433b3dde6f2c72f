/** The outcome of a save, next to its button: a confirmation that stays until the next edit, or the Api's message. */
import type { ReactNode } from 'react'
import type { ApiError } from '../../../../shared/api'

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date; text: string }
  | { kind: 'error'; error: ApiError }

function hhmm(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

export function SaveStatus({ state, dirty }: { state: SaveState; dirty: boolean }): ReactNode {
  switch (state.kind) {
    case 'saving':
      return (
        <span className="save-status" role="status">
          正在保存…
        </span>
      )
    case 'saved':
      return (
        <span className="save-status save-ok" role="status">
          ✓ {state.text}（{hhmm(state.at)}）
        </span>
      )
    case 'error':
      return (
        <span className="save-status inline-error" role="alert">
          保存失败：{state.error.message}
        </span>
      )
    case 'idle':
      return dirty ? (
        <span className="save-status save-dirty" role="status">
          有未保存的修改
        </span>
      ) : null
  }
}
