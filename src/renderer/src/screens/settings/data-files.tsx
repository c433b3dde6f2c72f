/**
 * 数据与备份: where the database and the backup of the supervisor's own work are, and what the
 * backup is for: a damaged or missing database is restored from it at start, and copying it to a
 * new computer brings the settings and review decisions along (the reports are read again).
 */
import type { ReactNode } from 'react'
import { api } from '../../api'
import { dateTime } from '../../lib/format'
import { useResult } from '../../lib/use-result'

export function DataFiles({ version }: { version: number }): ReactNode {
  const info = useResult(() => api.getAppInfo(), [version])
  const v = info.value
  return (
    <section
      className="panel settings-section"
      aria-labelledby="data-title"
      data-testid="data-files"
    >
      <div className="panel-head">
        <h2 id="data-title">数据与备份</h2>
      </div>
      {v && (
        <>
          <div className="settings-row">
            <span className="muted">数据库</span>
            <code className="data-path">{v.dbPath}</code>
          </div>
          <div className="settings-row">
            <span className="muted">备份</span>
            <code className="data-path" data-testid="user-data-path">
              {v.userDataPath}
            </code>
            <span className="muted">
              {v.userDataSavedAt ? `最近保存 ${dateTime(v.userDataSavedAt)}` : '尚未保存'}
            </span>
          </div>
          <p className="settings-hint muted">
            备份包含监视的文件夹、各项设置、单位合并与层级和全部审阅记录，每次修改后自动保存。数据库损坏或丢失时，程序启动时会用它自动恢复；更换电脑时，把这个文件复制到新电脑的同一位置后再启动程序，即可带上设置和审阅记录（报告会从文件夹重新读取）。
          </p>
        </>
      )}
    </section>
  )
}
