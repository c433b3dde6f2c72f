/**
 * SQLite's errors in words a supervisor can act on. They reached the window as "处理失败：SQLITE_FULL:
 * database or disk is full", and a rescan that failed so marked its folder unavailable, as if the
 * folder were the problem.
 */
export function dbErrorText(err: unknown): string | null {
  const raw = err instanceof Error ? err.message : String(err)
  const text = DB_ERRORS[/SQLITE_[A-Z]+/.exec(raw)?.[0] ?? '']
  return text ? `${text}（${raw}）` : null
}

const DB_ERRORS: Record<string, string> = {
  SQLITE_FULL: '磁盘空间不足，数据库无法写入：请清理磁盘后重新扫描',
  SQLITE_READONLY: '数据库文件只读，无法写入：请检查文件和文件夹的权限',
  SQLITE_BUSY: '数据库正被其他程序占用：请关闭其他打开它的程序后重试',
  SQLITE_LOCKED: '数据库正被其他程序占用：请关闭其他打开它的程序后重试',
  SQLITE_CORRUPT: '数据库文件已损坏：请重启程序（损坏的文件会另存，并新建数据库）',
  SQLITE_IOERR: '读写数据库文件时出错（磁盘或网络故障）：请检查磁盘后重试',
  SQLITE_CANTOPEN: '无法打开数据库文件：请检查路径和权限'
}
