/**
 * A modal dialog on the native <dialog> element: showModal() gives focus trapping, Esc to close
 * and an inert background for free, so keyboard users get the platform behaviour without a library.
 */
import { useEffect, useRef, type ReactNode } from 'react'

interface Props {
  title: string
  /** Called on Esc, on the close button and on a click on the backdrop. */
  onClose: () => void
  children: ReactNode
  /** The buttons row at the bottom. */
  actions?: ReactNode
  className?: string
  testId?: string
}

export function Dialog({ title, onClose, children, actions, className, testId }: Props): ReactNode {
  const ref = useRef<HTMLDialogElement>(null)
  // The latest onClose, so the effect that opens the dialog runs once.
  const closeRef = useRef(onClose)
  closeRef.current = onClose

  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (!d.open) d.showModal()
    // showModal focuses the first focusable element (the ✕); React's autoFocus ran before it and
    // lost, so a dialog names its starting field with data-autofocus.
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    const onCancel = (e: Event): void => {
      // Esc: let React unmount us instead of the browser closing the element under React's feet.
      e.preventDefault()
      closeRef.current()
    }
    d.addEventListener('cancel', onCancel)
    return () => {
      d.removeEventListener('cancel', onCancel)
      if (d.open) d.close()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby="dialog-title"
      data-testid={testId}
      onMouseDown={e => {
        // A press on the backdrop lands on the <dialog> itself, outside its inner box.
        if (e.target === ref.current) closeRef.current()
      }}
    >
      <div className="dialog-box">
        <div className="dialog-head">
          <h2 id="dialog-title">{title}</h2>
          <button
            type="button"
            className="link-button dialog-x"
            aria-label="关闭"
            onClick={onClose}
          >
            ✕
          </button>
        </div>
        <div className="dialog-body">{children}</div>
        {actions && <div className="dialog-actions">{actions}</div>}
      </div>
    </dialog>
  )
}
