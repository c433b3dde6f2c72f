/**
 * 应报送单位名单: the units that must report. Imported from the supervisor's own spreadsheet
 * (.xlsx, or .csv in GB18030 / UTF-8) or pasted (one unit a line, or rows copied from Excel with
 * their header), then edited row by row. Agencies whose reports match no unit (名单外) can be
 * attached to one here: the app records the name as the unit's alias.
 */
import { useMemo, useState, type ReactNode } from 'react'
import {
  AGENCY_LEVEL_NAMES,
  AGENCY_LEVELS,
  type AgencyLevel,
  type Result,
  type RosterUnit
} from '../../../../shared/api'
import { api } from '../../api'
import { useAppState } from '../../lib/app-state'
import { useResult } from '../../lib/use-result'

/** Rows drawn at once; a search narrows a roster of thousands. */
const SHOWN = 100

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf)
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

export function RosterPanel(): ReactNode {
  const { dataVersion } = useAppState()
  const roster = useResult(() => api.getRoster(), [dataVersion])
  const unlisted = useResult(
    () => api.getCoverage({ page: { offset: 0, limit: 500 } }),
    [dataVersion]
  )
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pasting, setPasting] = useState(false)
  const [pasted, setPasted] = useState('')
  const [search, setSearch] = useState('')
  const [busy, setBusy] = useState(false)

  const run = async (what: string, call: Promise<Result<RosterUnit[]>>): Promise<boolean> => {
    setBusy(true)
    const r = await call
    setBusy(false)
    if (!r.ok) {
      setMessage({ ok: false, text: `${what}失败：${r.error.message}` })
      return false
    }
    setMessage({ ok: true, text: `${what}成功，名单共 ${r.value.length} 个单位。` })
    roster.reload()
    return true
  }

  const onFile = async (file: File): Promise<void> => {
    const data = toBase64(await file.arrayBuffer())
    await run(`导入“${file.name}”`, api.importRoster({ fileName: file.name, dataBase64: data }))
  }

  const units = roster.value ?? []
  const q = search.replace(/\s+/g, '')
  const matching = q
    ? units.filter(u =>
        [u.name, u.region ?? '', ...u.aliases].some(n => n.replace(/\s+/g, '').includes(q))
      )
    : units
  const unlistedAgencies = useMemo(() => {
    const seen = new Map<string, { key: string; name: string; years: number[] }>()
    for (const e of unlisted.value?.items ?? []) {
      if (e.status !== 'unlisted' || !e.agencyKey) continue
      const a = seen.get(e.agencyKey) ?? { key: e.agencyKey, name: e.unit, years: [] }
      a.years.push(e.year)
      seen.set(e.agencyKey, a)
    }
    return [...seen.values()]
  }, [unlisted.value])

  return (
    <section
      className="panel settings-section roster-panel"
      aria-labelledby="roster-title"
      data-testid="roster-panel"
    >
      <div className="panel-head">
        <h2 id="roster-title">应报送单位名单{units.length ? `（${units.length} 个单位）` : ''}</h2>
      </div>
      <p className="settings-hint muted">
        导入应报送年报的单位名单后，总览按名单显示每个单位每年的报送情况：按时报送、逾期报送（按“发布期限”）、
        日期不明、未报送；不在名单中的单位标为“名单外”。名单须有“单位名称”列，可选“层级”“所属地区”“别名”（多个用；分隔）“起始年度”“终止年度”，表头上方可有标题行。
      </p>
      <div className="settings-row roster-actions">
        <label className="file-button">
          导入 Excel / CSV 文件…
          <input
            type="file"
            accept=".xlsx,.csv"
            data-testid="roster-file"
            disabled={busy}
            onChange={e => {
              const f = e.target.files?.[0]
              e.target.value = ''
              if (f) void onFile(f)
            }}
          />
        </label>
        <button type="button" onClick={() => setPasting(p => !p)} aria-expanded={pasting}>
          粘贴名单
        </button>
        {units.length > 0 && (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`清空名单（${units.length} 个单位）？总览将不再显示报送情况。`))
                void run('清空名单', api.clearRoster())
            }}
          >
            清空名单
          </button>
        )}
      </div>
      {pasting && (
        <div className="roster-paste">
          <textarea
            aria-label="粘贴的名单"
            rows={6}
            placeholder={
              '每行一个单位名称；也可从 Excel 复制带表头（单位名称、所属地区……）的几列后粘贴'
            }
            value={pasted}
            onChange={e => setPasted(e.target.value)}
          />
          <button
            type="button"
            className="primary"
            disabled={busy || pasted.trim() === ''}
            onClick={() =>
              void run('导入粘贴的名单', api.importRoster({ text: pasted })).then(ok => {
                if (ok) {
                  setPasted('')
                  setPasting(false)
                }
              })
            }
          >
            以此替换名单
          </button>
        </div>
      )}
      {message && (
        <p
          className={message.ok ? 'save-status save-ok' : 'inline-error'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      )}
      {roster.error && <p className="inline-error">{roster.error.message}</p>}
      {unlistedAgencies.length > 0 && (
        <UnlistedList agencies={unlistedAgencies} units={units} onDone={run} busy={busy} />
      )}
      {units.length > 0 && (
        <>
          <div className="settings-row roster-search">
            <input
              type="search"
              placeholder="在名单中查找单位、地区或别名"
              value={search}
              onChange={e => setSearch(e.target.value)}
              aria-label="在名单中查找"
            />
            {matching.length > SHOWN && (
              <span className="muted">
                共 {matching.length} 个，显示前 {SHOWN} 个
              </span>
            )}
          </div>
          <table className="roster-table" data-testid="roster-table">
            <thead>
              <tr>
                <th scope="col">单位名称</th>
                <th scope="col">层级</th>
                <th scope="col">所属地区</th>
                <th scope="col">别名</th>
                <th scope="col">年度</th>
                <th scope="col" aria-label="操作" />
              </tr>
            </thead>
            <tbody>
              {matching.slice(0, SHOWN).map(u => (
                <UnitRow key={u.id} unit={u} busy={busy} onSave={run} />
              ))}
            </tbody>
          </table>
        </>
      )}
      <AddUnit busy={busy} onAdd={run} />
    </section>
  )
}

function UnitRow(props: {
  unit: RosterUnit
  busy: boolean
  onSave: (what: string, call: Promise<Result<RosterUnit[]>>) => Promise<boolean>
}): ReactNode {
  const u = props.unit
  const [name, setName] = useState(u.name)
  const [region, setRegion] = useState(u.region ?? '')
  const save = (patch: Parameters<typeof api.updateRosterUnit>[0], what: string): void =>
    void props.onSave(what, api.updateRosterUnit(patch))
  const years = u.startYear || u.endYear ? `${u.startYear ?? ''}–${u.endYear ?? ''}` : '各年'
  return (
    <tr data-unit={u.name}>
      <td>
        <input
          aria-label="单位名称"
          value={name}
          onChange={e => setName(e.target.value)}
          onBlur={() =>
            name.trim() &&
            name.trim() !== u.name &&
            save({ id: u.id, name: name.trim() }, `把“${u.name}”改名为“${name.trim()}”`)
          }
        />
      </td>
      <td>
        <select
          aria-label="层级"
          value={u.level ?? ''}
          onChange={e =>
            save(
              { id: u.id, level: (e.target.value || null) as AgencyLevel | null },
              `设置“${u.name}”的层级`
            )
          }
        >
          <option value="">按名称判断</option>
          {AGENCY_LEVELS.map(l => (
            <option key={l} value={l}>
              {AGENCY_LEVEL_NAMES[l]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          aria-label="所属地区"
          className="roster-region"
          value={region}
          onChange={e => setRegion(e.target.value)}
          onBlur={() =>
            region.trim() !== (u.region ?? '') &&
            save({ id: u.id, region: region.trim() || null }, `设置“${u.name}”的所属地区`)
          }
        />
      </td>
      <td className="roster-aliases muted" title={u.aliases.join('；')}>
        {u.aliases.join('；')}
      </td>
      <td className="muted">{years}</td>
      <td>
        <button
          type="button"
          className="link-button"
          disabled={props.busy}
          onClick={() =>
            void props.onSave(`从名单中删除“${u.name}”`, api.removeRosterUnit({ id: u.id }))
          }
        >
          删除
        </button>
      </td>
    </tr>
  )
}

function AddUnit(props: {
  busy: boolean
  onAdd: (what: string, call: Promise<Result<RosterUnit[]>>) => Promise<boolean>
}): ReactNode {
  const [name, setName] = useState('')
  const [region, setRegion] = useState('')
  const [level, setLevel] = useState<AgencyLevel | ''>('')
  return (
    <form
      className="settings-row roster-add"
      onSubmit={e => {
        e.preventDefault()
        if (!name.trim()) return
        void props
          .onAdd(
            `添加“${name.trim()}”`,
            api.addRosterUnit({
              name: name.trim(),
              region: region.trim() || null,
              level: level || null
            })
          )
          .then(ok => {
            if (ok) {
              setName('')
              setRegion('')
            }
          })
      }}
    >
      <input
        aria-label="新单位名称"
        placeholder="添加单位：单位名称"
        value={name}
        onChange={e => setName(e.target.value)}
      />
      <select
        aria-label="新单位层级"
        value={level}
        onChange={e => setLevel(e.target.value as AgencyLevel | '')}
      >
        <option value="">按名称判断层级</option>
        {AGENCY_LEVELS.map(l => (
          <option key={l} value={l}>
            {AGENCY_LEVEL_NAMES[l]}
          </option>
        ))}
      </select>
      <input
        aria-label="新单位所属地区"
        placeholder="所属地区"
        className="roster-region"
        value={region}
        onChange={e => setRegion(e.target.value)}
      />
      <button type="submit" disabled={props.busy || !name.trim()}>
        添加
      </button>
    </form>
  )
}

function UnlistedList(props: {
  agencies: Array<{ key: string; name: string; years: number[] }>
  units: RosterUnit[]
  busy: boolean
  onDone: (what: string, call: Promise<Result<RosterUnit[]>>) => Promise<boolean>
}): ReactNode {
  const [chosen, setChosen] = useState<Record<string, string>>({})
  const byName = new Map(props.units.map(u => [u.name, u.id]))
  return (
    <div className="roster-unlisted" data-testid="roster-unlisted">
      <h3>名单外的单位（{props.agencies.length}）</h3>
      <p className="settings-hint muted">
        找到了报告、但名称与名单中的单位都对不上。若是名单中某单位的另一名称，选择该单位后“归入”，今后其报告计入该单位。
      </p>
      <datalist id="roster-unit-names">
        {props.units.map(u => (
          <option key={u.id} value={u.name} />
        ))}
      </datalist>
      <ul>
        {props.agencies.map(a => {
          const target = byName.get(chosen[a.key] ?? '')
          return (
            <li key={a.key} data-agency={a.name}>
              <span className="roster-unlisted-name">
                {a.name} <span className="muted">{a.years.join('、')}</span>
              </span>
              <input
                list="roster-unit-names"
                aria-label={`把“${a.name}”归入名单中的单位`}
                placeholder="选择名单中的单位"
                value={chosen[a.key] ?? ''}
                onChange={e => setChosen(c => ({ ...c, [a.key]: e.target.value }))}
              />
              <button
                type="button"
                disabled={props.busy || target === undefined}
                onClick={() =>
                  target !== undefined &&
                  void props.onDone(
                    `把“${a.name}”归入“${chosen[a.key]}”`,
                    api.attachToRosterUnit({ unitId: target, agencyKey: a.key })
                  )
                }
              >
                归入
              </button>
            </li>
          )
        })}
      </ul>
    </div>
  )
}
