/**
 * Which browser permissions the window gets (plain Node, so it is tested without Electron). One
 * only: writing text to the clipboard, for 复制整改意见 on the review screen, and only for our own
 * page's main frame. Chromium asks for `clipboard-sanitized-write` on navigator.clipboard.writeText;
 * denied, the copy fails with no sign in the window. Reading the clipboard, the camera,
 * notifications and everything else stay refused.
 */
export function permissionAllowed(
  permission: string,
  request: { url: string | undefined; isMainFrame: boolean },
  isTrusted: (url: string) => boolean
): boolean {
  return (
    permission === 'clipboard-sanitized-write' &&
    request.isMainFrame &&
    request.url !== undefined &&
    isTrusted(request.url)
  )
}
