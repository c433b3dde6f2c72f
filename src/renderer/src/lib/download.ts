/**
 * Has the browser save `url` as `fileName` ('' lets the server's Content-Disposition name it):
 * the exports and 打开原文件 over HTTP, and charts saved as PNG.
 */
export function download(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}
