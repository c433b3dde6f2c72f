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

/**
 * The row under a settings form: 保存 (a submit button), 恢复默认 when the form has defaults, an
 * inline message for what blocks saving, and the SaveStatus. One component so every form's row
 * reads and behaves the same.
 */
export function SaveRow({
  state,
  dirty,
  canSave,
  problem,
  onReset,
  atDefaults
}: {
  state: SaveState
  dirty: boolean
  /** False while the draft is invalid (保存 disabled; `problem` says why). */
  canSave: boolean
  problem?: string | null
  /** Present when the form has defaults: the draft goes back to them (nothing saved until 保存). */
  onReset?: () => void
  atDefaults?: boolean
}): ReactNode {
  return (
    <div className="settings-row">
      <button
        type="submit"
        className="primary"
        disabled={!dirty || !canSave || state.kind === 'saving'}
      >
        保存
      </button>
      {onReset && (
        <button type="button" disabled={atDefaults} onClick={onReset}>
          恢复默认
        </button>
      )}
      {problem && <span className="inline-error">{problem}</span>}
      <SaveStatus state={state} dirty={dirty} />
    </div>
  )
}
