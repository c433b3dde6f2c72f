/**
 * A report read by OCR, end to end after the OCR engine (issue #24): a real text-layer report's
 * document with synthetic reads attached (src/core/rules/ocr-test-support.ts) goes the pipeline's
 * way (verify → rules → store → settle), then out through the CLI's JSON and the Api: the cells,
 * a page image, the supervisor's corrections kept by file content, re-applied after a re-read and
 * restored from the backup.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CLI_REPORT_KEYS } from './helpers/cli-io'
import type { DocumentModel } from '../src/shared/document'
import { cliJson } from '../src/cli/report-json'
import { sha256 } from '../src/core/ingest/hash'
import { silentLogger } from '../src/core/logger'
import { reportFindings } from '../src/core/pipeline/file'
import { parseReport } from '../src/core/parse/index'
import { OCR_NOTE } from '../src/core/rules/ocr-verify'
import { asOcr, HUAIAN, readDoc, setRead } from '../src/core/rules/ocr-test-support'
import { createService, type Service } from '../src/core/service/index'
import type { Store } from '../src/core/store/index'
import { openStore } from '../src/core/store/index'
import { reportsJson } from '../src/core/store/queries/report-detail'
import { loadUserData, readUserData, restoreUserData } from '../src/core/store/user-data'
import { OCR_NAME_NOTE } from '../src/core/rules/ocr-names'
import { replaceRoster } from '../src/core/store/roster'
import { sandbox, type Sandbox } from './helpers/temp-corpus'
import { storeAsRead } from './helpers/store-as-read'

const SLIP = 'applications.granted.otherOrg'
let text: DocumentModel
beforeAll(async () => {
  text = await readDoc()
}, 60_000)

let sb: Sandbox | null = null
let service: Service | null = null
afterEach(async () => {
  await service?.close()
  service = null
  await sb?.cleanup()
  sb = null
})

const NAME = '淮安市人民政府2024.pdf'

/** Stores `doc` as the pipeline stores a file it read, for the copy of 046 in `sb.folder`. */
async function ingest(store: Store, folder: string, doc: DocumentModel): Promise<void> {
  const { prepared, ready, settings } = await storeAsRead(store, folder, NAME, doc)
  // The findings are those the pipeline's own function gives the verified report.
  expect(ready.findings).toEqual(reportFindings(prepared, ready.level, settings, silentLogger))
}

async function setup(doc: DocumentModel): Promise<Sandbox> {
  sb = await sandbox(false)
  copyFileSync(HUAIAN, path.join(sb.folder, NAME))
  await ingest(sb.store, sb.folder, doc)
  return sb
}

describe('CLI JSON of an OCR’d report', () => {
  it('carries ocr: { pages, uncertain } after findings; the slip is uncertain, no finding rests on it', async () => {
    const doc = setRead(asOcr(text), SLIP, '8', 0.6)
    const s = await setup(doc)
    const json = JSON.parse(cliJson(await reportsJson(s.store.db, s.folder))) as {
      reports: Array<Record<string, unknown>>
    }
    const r = json.reports[0]!
    expect(Object.keys(r)).toEqual([...CLI_REPORT_KEYS, 'ocr'])
    const ocr = r.ocr as { pages: number; uncertain: string[] }
    expect(ocr.pages).toBe(doc.meta.ocr!.pages)
    expect(ocr.uncertain).toContain(SLIP)
    // The proactive table has no sums: all its cells are listed; tables 3 and 4 only the slip.
    expect(ocr.uncertain.filter(k => !k.startsWith('proactive.'))).toEqual([SLIP])
    const findings = r.findings as Array<{ rule: string; message: string }>
    expect(findings.some(f => f.rule.startsWith('A'))).toBe(false)
    // The value as read stays in the tables (nothing printed is overwritten).
    const tables = r.tables as { applications: Record<string, Record<string, number>> }
    expect(tables.applications['granted']!['otherOrg']).toBe(8)
  })

  it('a report without OCR has no ocr key', async () => {
    const s = await setup(text)
    const r = JSON.parse(cliJson(await reportsJson(s.store.db, s.folder))) as {
      reports: Array<Record<string, unknown>>
    }
    expect('ocr' in r.reports[0]!).toBe(false)
    const row = await s.store.db.get<{ n: number }>('SELECT count(*) AS n FROM report_ocr')
    expect(row?.n).toBe(0)
  })
})

describe('Api: cells, page image, corrections', () => {
  async function withService(doc: DocumentModel): Promise<{ s: Service; id: number; dir: string }> {
    const box = await setup(doc)
    await box.store.setSetting('watchedFolders', [box.folder])
    await box.store.close()
    const rendered: Array<[string, number]> = []
    const s = (service = createService({
      dbPath: box.dbPath,
      autoWatch: false,
      renderPage: (abs, page) => {
        rendered.push([abs, page])
        return Promise.resolve(Buffer.from(`png of page ${page}`))
      }
    }))
    expect((await s.ready()).ok).toBe(true)
    const list = await s.listReports({ page: { offset: 0, limit: 5 } })
    if (!list.ok) throw new Error(list.error.message)
    return { s, id: list.value.items[0]!.id, dir: box.dir }
  }

  it('getOcrCells: every cell with its read, box and status; getOcrPage: the page as a PNG data URL', async () => {
    const doc = setRead(asOcr(text), SLIP, '8', 0.6)
    const { s, id } = await withService(doc)
    const cells = await s.getOcrCells({ reportId: id })
    if (!cells.ok || !cells.value) throw new Error('no OCR cells')
    const slip = cells.value.cells[SLIP]!
    expect(slip).toMatchObject({ status: 'misread', value: 8, suggested: 3, text: '8' })
    expect(slip.box).toEqual(parseReport(doc).ocrCells![SLIP]!.box)
    expect(cells.value.uncertain).toContain(SLIP)
    const page = await s.getOcrPage({ reportId: id, page: slip.box!.page })
    expect(page.ok && page.value.dataUrl).toBe(
      `data:image/png;base64,${Buffer.from(`png of page ${slip.box!.page}`).toString('base64')}`
    )
    const beyond = await s.getOcrPage({ reportId: id, page: cells.value.pages + 1 })
    expect(beyond.ok).toBe(false)
  })

  it('a correction changes the report’s values and findings, survives a re-read and the backup', async () => {
    const doc = setRead(asOcr(text), SLIP, '8', 0.99)
    const { s, id, dir } = await withService(doc)
    const before = await s.getReport({ id })
    if (!before.ok) throw new Error(before.error.message)
    const arith = before.value.findings.filter(f => f.rule.startsWith('A'))
    expect(arith.map(f => f.rule)).toEqual(['A01', 'A02'])
    for (const f of arith) expect(f.message.endsWith(OCR_NOTE)).toBe(true)

    const fixed = await s.setOcrCorrection({ reportId: id, cellKey: SLIP, value: 3 })
    if (!fixed.ok) throw new Error(fixed.error.message)
    expect(fixed.value.cells[SLIP]).toMatchObject({ status: 'corrected', value: 3 })
    expect(fixed.value.uncertain).not.toContain(SLIP)
    const after = await s.getReport({ id })
    if (!after.ok) throw new Error(after.error.message)
    expect(after.value.findings.some(f => f.rule.startsWith('A'))).toBe(false)

    const bad = await s.setOcrCorrection({ reportId: id, cellKey: 'applications.nope.x', value: 1 })
    expect(bad.ok).toBe(false)

    // In the backup beside the database, keyed by content hash and cell.
    await service!.close()
    service = null
    const dbPath = path.join(dir, 'db.sqlite')
    const backup = await loadUserData(`${dbPath}.user-data.json`)
    expect(backup?.ocrCorrections).toEqual([
      expect.objectContaining({ cellKey: SLIP, value: 3, sha256: sha256(readFileSync(HUAIAN)) })
    ])

    // A new database from the backup, the file read again: the correction is applied at ingest.
    const fresh = await openStore(path.join(dir, 'rebuilt.sqlite'))
    try {
      await restoreUserData(fresh.db, backup!)
      await ingest(fresh, path.join(dir, 'reports'), doc)
      const r = (await reportsJson(fresh.db, path.join(dir, 'reports')))[0]!
      expect(r.tables.applications!['granted']!.otherOrg).toBe(3)
      expect(r.ocr!.uncertain).not.toContain(SLIP)
      expect(r.findings.some(f => f.rule.startsWith('A'))).toBe(false)
      const data = await readUserData(fresh.db, new Date())
      expect(data.ocrCorrections).toHaveLength(1)
    } finally {
      await fresh.close()
    }
    await fs.rm(`${dbPath}.user-data.json`, { force: true })
  })
})

describe('设置: 文字识别（OCR） switch', () => {
  it('defaults on; off is saved, in the backup, and marks the OCR’d files to be read again', async () => {
    const box = await setup(setRead(asOcr(text), SLIP, '8', 0.6))
    await box.store.close()
    const s = (service = createService({ dbPath: box.dbPath, autoWatch: false }))
    const before = await s.getSettings()
    expect(before.ok && before.value.ocr).toBe(true)
    const off = await s.updateSettings({ ocr: false })
    expect(off.ok && off.value.ocr).toBe(false)
    await s.close()
    service = null
    const backup = await loadUserData(`${box.dbPath}.user-data.json`)
    expect(backup?.settings).toContainEqual({ key: 'ocr', value: 'false' })
    const again = await openStore(box.dbPath)
    try {
      expect((await again.getSettings()).ocr).toBe(false)
      // The next scan reads the file again (its stored hash cleared), now without OCR.
      const f = await again.db.get<{ sha256: string }>('SELECT sha256 FROM files')
      expect(f?.sha256).toBe('')
    } finally {
      await again.close()
    }
  })
})

describe('an OCR’d agency name one look-alike from the roster’s (rules/ocr-names.ts)', () => {
  it('takes the roster’s name with a note, and keeps it through a correction', async () => {
    // 淮 read as 准 (a look-alike pair), everywhere the name is written.
    const misread = (s: string): string => s.replaceAll('淮安市', '准安市')
    const ocr = asOcr(text)
    const doc: DocumentModel = {
      ...ocr,
      lines: ocr.lines.map(misread),
      blocks: ocr.blocks.map(b => (b.kind === 'paragraph' ? { ...b, text: misread(b.text) } : b))
    }
    expect(parseReport(doc).agency).toBe('准安市人民政府')
    sb = await sandbox(false)
    copyFileSync(HUAIAN, path.join(sb.folder, NAME))
    await replaceRoster(sb.store.db, [
      {
        name: '淮安市人民政府',
        level: null,
        region: null,
        aliases: [],
        startYear: null,
        endYear: null
      }
    ])
    await ingest(sb.store, sb.folder, doc)
    const [r] = await reportsJson(sb.store.db, sb.folder)
    expect(r!.agency).toBe('淮安市人民政府')

    await sb.store.setSetting('watchedFolders', [sb.folder])
    await sb.store.close()
    const s = (service = createService({ dbPath: sb.dbPath, autoWatch: false }))
    expect((await s.ready()).ok).toBe(true)
    const list = await s.listReports({ page: { offset: 0, limit: 5 } })
    if (!list.ok) throw new Error(list.error.message)
    const id = list.value.items[0]!.id
    const noted = async (): Promise<{ agency: string | null; notes: string[] }> => {
      const d = await s.getReport({ id })
      if (!d.ok) throw new Error(d.error.message)
      return {
        agency: d.value.parsedAgency,
        notes: d.value.notes.filter(n => n.code === OCR_NAME_NOTE).map(n => n.message)
      }
    }
    const before = await noted()
    expect(before.agency).toBe('淮安市人民政府')
    expect(before.notes).toHaveLength(1)
    expect(before.notes[0]).toContain('“准安市人民政府”与名册中的“淮安市人民政府”')
    const fixed = await s.setOcrCorrection({ reportId: id, cellKey: SLIP, value: 3 })
    expect(fixed.ok).toBe(true)
    expect(await noted()).toEqual(before)
  })
})
