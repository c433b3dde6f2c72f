/**
 * File system errors in words: what the M03 findings say of a report that cannot be read (the
 * scan and pipeline-file.ts), and what an export says of a file it cannot write (service).
 */

/** A file system error's code (EACCES, ENOENT…), or its message when it has none. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string')
    return err.code
  return err instanceof Error ? err.message : String(err)
}

export const DENIED = '没有读取权限'

export function isDenied(err: unknown): boolean {
  const code = errorCode(err)
  return code === 'EACCES' || code === 'EPERM'
}

/**
 * What the supervisor can do about each code. EBUSY is Windows refusing a read while another
 * program holds the file (a download or copy still running, some editors); UNKNOWN is what libuv
 * reports for an online-only OneDrive/坚果云 placeholder whose sync client is not running; EIO and
 * ETIMEDOUT come from a failing disk, USB stick or network drive. Each of these is worth a second
 * try: a file that could not be read is read again at the next rescan (pipeline.ts).
 */
const WORDS = new Map([
  ['ENOENT', '文件已不存在'],
  ['EISDIR', '这是一个文件夹'],
  ['ERR_FS_FILE_TOO_LARGE', '文件过大'],
  ['EBUSY', '文件正被其他程序占用，请关闭该程序或等复制完成后点击“重新扫描”'],
  ['ETXTBSY', '文件正被其他程序占用，请关闭该程序或等复制完成后点击“重新扫描”'],
  ['EIO', '磁盘或网络位置读取出错，请检查设备后点击“重新扫描”'],
  ['ETIMEDOUT', '网络位置响应超时，请检查网络后点击“重新扫描”'],
  [
    'UNKNOWN',
    '系统无法读取该文件（可能是尚未下载到本机的云盘文件），请先将它下载到本机后点击“重新扫描”'
  ],
  ['ENAMETOOLONG', '文件路径过长，请缩短文件夹或文件名称'],
  ['ELOOP', '快捷方式（符号链接）循环指向自身'],
  ['EMFILE', '同时打开的文件过多，请稍后点击“重新扫描”'],
  ['ENFILE', '同时打开的文件过多，请稍后点击“重新扫描”']
])

/** The error in words: 没有读取权限 for an access refused, a sentence for the codes above, the code otherwise. */
export function accessText(err: unknown): string {
  if (isDenied(err)) return DENIED
  const code = errorCode(err)
  return WORDS.get(code) ?? code
}

/**
 * Why an export file could not be written. Windows refuses to replace a workbook that is open in
 * Excel or WPS with EBUSY or EPERM: the most likely failure of the export button on a supervisor's
 * PC, and Node's words for it ("resource busy or locked, rename …") said nothing to act on.
 */
const WRITE_WORDS = new Map([
  ['EBUSY', '目标文件正被其他程序（如 Excel、WPS）打开，请关闭该文件后重试，或换一个文件名'],
  ['EPERM', '目标文件正被其他程序打开或没有写入权限，请关闭该文件后重试，或换一个保存位置'],
  ['EACCES', '没有写入权限，请换一个保存位置'],
  ['ENOSPC', '磁盘空间不足'],
  ['EROFS', '保存位置是只读的，请换一个保存位置'],
  ['ENOENT', '保存位置的文件夹不存在'],
  ['ENOTDIR', '保存位置的文件夹不存在'],
  ['EISDIR', '已有同名的文件夹，请换一个文件名'],
  ['EEXIST', '路径中的一个文件夹名已被文件占用，请换一个保存位置'],
  ['ENAMETOOLONG', '文件路径过长，请缩短文件夹或文件名称']
])

export function writeErrorText(err: unknown): string {
  return WRITE_WORDS.get(errorCode(err)) ?? (err instanceof Error ? err.message : String(err))
}
