/**
 * Whether the window is the desktop app (IPC) rather than the browser over HTTP (`npm run serve`):
 * only the desktop app can show a file in the file manager. Asked once per page.
 */
import { useEffect, useState } from 'react'
import { api } from '../api'

let asked: Promise<boolean> | null = null

export function useDesktop(): boolean {
  const [desktop, setDesktop] = useState(false)
  useEffect(() => {
    asked ??= api.getAppInfo().then(
      r => r.ok && r.value.transport === 'ipc',
      () => false
    )
    let alive = true
    void asked.then(d => alive && setDesktop(d))
    return () => {
      alive = false
    }
  }, [])
  return desktop
}
