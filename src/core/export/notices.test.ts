/**
 * The 整改意见 document read back with the app's own .docx reader: one notice per report with open
 * findings (the samples and Pingtan 2019–2025), every open finding's message in its notice, none of
 * the dismissed, the filter followed, and the 公文 page set-up in the file.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REAL, sandbox, type Sandbox } from '../../../test/helpers/temp-corpus'
import type { ReportFilter } from '../../shared/api'
import { extractDocument } from '../extract/index'
import { auditFolder } from '../pipeline/index'
import { setDecision } from '../store/reviews'
import { exportNotices, TooManyNotices } from './notices'

const PINGTAN = readdirSync(REAL).filter(f => /^01[0-6]_pingtan_\d{4}_cells\.txt$/.test(f))

let sb: Sandbox
let n = 0
beforeAll(async () => {
  sb = await sandbox(true)
  for (const f of PINGTAN) copyFileSync(path.join(REAL, f), path.join(sb.folder, f))
  // Not a report: an M03 with no agency to address a notice to.
  writeFileSync(
    path.join(sb.folder, '会议记录.txt'),
    '2024年3月政务公开工作会议记录\n参会人员：……\n'
  )
  await auditFolder(sb.folder, sb.store)
})
afterAll(async () => {
  await sb.cleanup()
})

async function exportAndRead(filters: ReportFilter = {}) {
  const file = path.join(sb.dir, `notices-${++n}.docx`)
  const progress: number[] = []
  const result = await exportNotices(sb.store, {
    file,
    filters,
    pageSize: 4,
    onProgress: d => progress.push(d)
  })
  const bytes = readFileSync(file)
  const read = await extractDocument(bytes, 'docx')
  if (!read.ok) throw new Error(read.reason)
  return { result, lines: read.doc.lines.filter(l => l.trim() !== ''), bytes, progress }
}

interface Open {
  id: number
  path: string
  agency: string | null
  year: number | null
  rule: string
  locKey: string
  message: string
}

/** Open findings of the current, not superseded reports, straight from the database. */
function openFindings(where = ''): Promise<Open[]> {
  return sb.store.db.all<Open>(
    `SELECT r.id, f.path, COALESCE(a.name, r.agency_name) AS agency, r.year, fi.rule, fi.loc_key AS locKey, fi.message
     FROM findings fi JOIN reports r ON r.id = fi.report_id JOIN files f ON f.id = r.file_id
     LEFT JOIN agencies a ON a.key = r.agency_key
     WHERE r.status = 'current' AND f.status = 'current' AND r.superseded = 0 ${where}
       AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.rule = fi.rule AND v.loc_key = fi.loc_key
         AND v.decision = 'dismissed' AND v.subject = CASE WHEN r.agency_key IS NOT NULL AND r.year IS NOT NULL
           THEN 'a:' || r.agency_key || ':' || r.year ELSE 'f:' || f.root || '|' || f.path END)`
  )
}

const titles = (lines: string[]) => lines.filter(l => /^关于.+的审查意见$/.test(l))

describe('整改意见 export', () => {
  it('writes one notice per report with open findings, each listing all of them', async () => {
    const all = await openFindings()
    const open = all.filter(f => f.agency !== null)
    const reports = new Set(open.map(f => f.id))
    expect(reports.size).toBeGreaterThan(5)
    const { result, lines, progress, bytes } = await exportAndRead()
    expect(result).toMatchObject({ reports: reports.size, findings: open.length })
    expect(titles(lines)).toHaveLength(reports.size)
    expect(progress.at(-1)).toBe(progress.length > 0 ? Math.max(...progress) : 0)
    const text = lines.join('\n')
    for (const f of open) {
      expect(text, f.path).toContain(f.message.replace(/。$/, ''))
      expect(titles(lines), f.path).toContain(
        `关于${f.agency}${f.year}年政府信息公开工作年度报告的审查意见`
      )
      expect(lines, f.path).toContain(`${f.agency}：`)
    }
    // Numbered from 1 in each notice, as many items as findings.
    const items = lines.filter(l => /^\d+\. /.test(l))
    expect(items).toHaveLength(open.length)
    expect(items.filter(l => l.startsWith('1. '))).toHaveLength(reports.size)
    // Each notice its own section: pages numbered from 1, so a notice split off reads whole.
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string')
    expect(xml.match(/<w:pgNumType w:start="1"\/>/g)).toHaveLength(reports.size + 1)
    // The file with no agency is named on the last page, not given a notice.
    expect(all.filter(f => f.agency === null).map(f => f.path)).toEqual(['会议记录.txt'])
    expect(lines.slice(-2)).toEqual([
      '以下 1 个文件未能识别出报送单位，未生成整改意见，请在“报告审阅”中查看：',
      '会议记录.txt'
    ])
  })

  it('follows the filter, and leaves out dismissed findings even when the screens count them', async () => {
    const s05 = await openFindings(`AND fi.rule = 'S05'`)
    expect(s05.length).toBeGreaterThan(0)
    const only = await exportAndRead({ rules: ['S05'] })
    expect(only.result).toMatchObject({
      reports: new Set(s05.map(f => f.id)).size,
      findings: s05.length
    })

    const gone = s05[0]!
    await setDecision(
      sb.store.db,
      { reportId: gone.id, rule: 'S05', locKey: gone.locKey, decision: 'dismissed' },
      new Date().toISOString()
    )
    await setDecision(
      sb.store.db,
      {
        reportId: s05.at(-1)!.id,
        rule: 'S05',
        locKey: s05.at(-1)!.locKey,
        decision: 'confirmed',
        note: '已约谈'
      },
      new Date().toISOString()
    )
    // A note pasted with a character XML forbids: the document must still open.
    await setDecision(
      sb.store.db,
      {
        reportId: s05.at(-1)!.id,
        rule: 'S05',
        locKey: s05.at(-1)!.locKey,
        decision: 'confirmed',
        note: '已约谈\uFFFE'
      },
      new Date().toISOString()
    )
    const xml = await (
      await JSZip.loadAsync((await exportAndRead({ rules: ['S05'] })).bytes)
    )
      .file('word/document.xml')!
      .async('string')
    expect(xml).not.toContain('\uFFFE')
    expect(xml).toContain('审查备注：已约谈\uFFFD')
    await setDecision(
      sb.store.db,
      {
        reportId: s05.at(-1)!.id,
        rule: 'S05',
        locKey: s05.at(-1)!.locKey,
        decision: 'confirmed',
        note: '已约谈'
      },
      new Date().toISOString()
    )
    const after = await exportAndRead({ rules: ['S05'], includeDismissed: true })
    expect(after.result.findings).toBe(s05.length - 1)
    expect(after.lines.join('\n')).toContain('审查备注：已约谈')
    const dismissedReport = titles(after.lines).some(t =>
      t.includes(`${gone.agency}${gone.year}年`)
    )
    expect(dismissedReport).toBe(s05.filter(f => f.id === gone.id).length > 1)
  })

  it('ends each notice with the deadline, the issuing office and date; lists only confirmed findings on request', async () => {
    await sb.store.setSetting('office', {
      issuer: '某区政务公开办',
      addressee: '各单位',
      rectifyBy: '2025-04-30',
      issuedOn: '2025-03-20'
    })
    const all = await exportAndRead()
    const text = all.lines.join('\n')
    const signed =
      text.match(
        /请于2025年4月30日前对照《中华人民共和国政府信息公开工作年度报告格式》逐项核实整改，并重新报送。\n某区政务公开办\n2025年3月20日/g
      ) ?? []
    expect(signed).toHaveLength(all.result.reports)
    // No notice points at the app's extracted-text lines any more.
    expect(text).not.toMatch(/（第 \d+(、\d+)* 行/)

    const open = (await openFindings()).filter(f => f.agency !== null)
    const pick = open.filter(f => f.rule !== 'S05').slice(0, 2)
    for (const f of pick)
      await setDecision(
        sb.store.db,
        { reportId: f.id, rule: f.rule as 'S01', locKey: f.locKey, decision: 'confirmed' },
        new Date().toISOString()
      )
    const file = path.join(sb.dir, `confirmed-${++n}.docx`)
    const confirmed = await exportNotices(sb.store, { file, confirmedOnly: true })
    const confirmedAll = await sb.store.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM reviews WHERE decision = 'confirmed'`
    )
    expect(confirmed.findings).toBeGreaterThanOrEqual(pick.length)
    expect(confirmed.findings).toBeLessThanOrEqual(confirmedAll[0]!.n)
    const read = await extractDocument(readFileSync(file), 'docx')
    if (!read.ok) throw new Error(read.reason)
    const ctext = read.doc.lines.join('\n')
    for (const f of pick) expect(ctext).toContain(f.message.replace(/。$/, ''))
    const unconfirmed = open.find(
      f => !pick.includes(f) && f.rule !== 'S05' && !pick.some(p => p.message === f.message)
    )
    if (unconfirmed) expect(ctext).not.toContain(unconfirmed.message.replace(/。$/, ''))
  })

  it('says so when nothing is left to rectify, and lays the pages out as a 公文', async () => {
    const none = await exportAndRead({ rules: ['M05'], years: [1999] })
    expect(none.result).toMatchObject({ reports: 0, findings: 0 })
    expect(none.lines).toEqual(['所选报告中没有需要整改的问题（已忽略的问题不列入整改意见）。'])
    const xml = await (await JSZip.loadAsync(none.bytes)).file('word/document.xml')!.async('string')
    expect(xml).toMatch(/<w:pgSz w:w="11907" w:h="16840"/)
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1985" w:left="1588"/)
    expect(xml).toContain('w:eastAsia="仿宋"')
  })

  it('refuses more notices than one document can hold in memory, before writing anything', async () => {
    const reports = new Set((await openFindings()).filter(f => f.agency !== null).map(f => f.id))
      .size
    const file = path.join(sb.dir, 'too-many.docx')
    const err = await exportNotices(sb.store, { file, maxNotices: reports - 1 }).catch(
      e => e as unknown
    )
    expect(err).toBeInstanceOf(TooManyNotices)
    expect((err as Error).message).toBe(
      `共有 ${reports} 份报告需要整改，一次最多生成 ${reports - 1} 份整改意见，请先按年度、单位或规则筛选后再导出`
    )
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(sb.dir).filter(n => n.includes('too-many'))).toEqual([])
    await expect(exportNotices(sb.store, { file, maxNotices: reports })).resolves.toMatchObject({
      reports
    })
  })
})
