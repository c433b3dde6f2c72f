import { beforeAll, describe, expect, test } from 'vitest'
import type { DocumentModel } from '../../shared/document'
import type { ParsedReport } from '../../shared/model'
import { APPLICANT_COLUMNS, type ApplicantColumn } from '../../shared/template'
import { parseReport } from '../parse/index'
import { DEFAULT_RULE_SETTINGS } from './context'
import { sumIdentities } from './identities'
import { evaluateReport } from './index'
import { asOcr, evaluateOcr, readDoc, setRead } from './ocr-test-support'
import { OCR_NOTE, OCR_UNREAD_NOTE, tableCells, verifyOcr } from './ocr-verify'

let text: DocumentModel
let plain: ParsedReport
const fresh = (): DocumentModel => asOcr(text)
const app = (r: ParsedReport, row: string, col: ApplicantColumn): number | null | undefined =>
  r.tables.applications?.[row]?.[col]

beforeAll(async () => {
  text = await readDoc()
  plain = parseReport(text)
}, 60_000)

describe('parse: OCR reads mapped to cell keys', () => {
  test('every cell key the parser read has the read its value came from', () => {
    const r = parseReport(fresh())
    expect(r.ocr?.pages).toBeGreaterThan(0)
    const keys = Object.keys(r.cellLines)
    expect(keys.length).toBeGreaterThan(150)
    for (const c of tableCells(r.tables)) {
      const read = r.ocrCells?.[c.key]
      expect(read, c.key).toBeTruthy()
      // The read is the one the value was parsed from: same text, same number.
      expect(read!.text === '' ? null : Number(read!.text.replace(/,/g, '')), c.key).toBe(c.value)
    }
    // Two cells with the same text on one row still map to their own reads (their own boxes).
    const g = r.ocrCells!['applications.granted.research']!
    const h = r.ocrCells!['applications.granted.nonprofit']!
    expect(g.text).toBe(h.text)
    expect(g.box.x).toBeLessThan(h.box.x)
  })

  test('a document without OCR parses exactly as before', () => {
    expect(plain.ocr).toBeUndefined()
    expect(plain.ocrCells).toBeUndefined()
    const { ocr: _o, ocrCells: _c, ...rest } = parseReport(fresh())
    void _o
    void _c
    expect(rest).toEqual(plain)
  })
})

describe('verification by the template’s own sums', () => {
  test('a clean read: tables 3 and 4 vouched for, table 2 (no sums) uncertain', () => {
    const { report, findings } = evaluateOcr(fresh())
    const check = report.ocrCheck!
    const proactive = tableCells(report.tables).filter(c => c.table === 'proactive')
    expect(check.uncertain).toEqual(proactive.map(c => c.key))
    expect(check.cells['applications.granted.total']!.status).toBe('vouched')
    expect(check.cells['reviewLitigation.review.total']!.status).toBe('vouched')
    // Same findings as the text layer gives, except where they rest on a table-2 cell.
    const base = evaluateReport({
      report: plain,
      doc: text,
      file: { path: 'scan.pdf', format: 'pdf', mtimeMs: 0 },
      level: 'government',
      settings: DEFAULT_RULE_SETTINGS
    })
    expect(findings.map(f => f.rule)).toEqual(base.map(f => f.rule))
    for (const [i, f] of findings.entries()) {
      if (f.table === 'proactive' && f.row) expect(f.message).toBe(base[i]!.message + OCR_NOTE)
      else expect(f.message).toBe(base[i]!.message)
    }
  })

  test('an OCR slip (3 read as 8, not clearly): uncertain with the value the sums imply, no finding', () => {
    expect(app(plain, 'granted', 'otherOrg')).toBe(3)
    const doc = setRead(fresh(), 'applications.granted.otherOrg', '8', 0.62)
    const { report, findings } = evaluateOcr(doc)
    const cell = report.ocrCheck!.cells['applications.granted.otherOrg']!
    expect(cell).toEqual({ status: 'misread', read: 8, suggested: 3 })
    expect(report.ocrCheck!.uncertain).toContain('applications.granted.otherOrg')
    // The other cells of the two broken sums are vouched for by their other sums.
    expect(report.ocrCheck!.cells['applications.granted.total']!.status).toBe('vouched')
    expect(report.ocrCheck!.cells['applications.outcomeTotal.otherOrg']!.status).toBe('vouched')
    expect(findings.filter(f => f.rule.startsWith('A'))).toEqual([])
    // The same slip in a text-layer report is the agency's error: A01 and A02 fire.
    const typed = evaluateOcr({ ...doc, meta: { ...doc.meta, ocr: undefined } })
    expect(typed.findings.filter(f => f.rule.startsWith('A')).map(f => f.rule)).toEqual([
      'A01',
      'A02'
    ])
  })

  test('the same slip read clearly: kept, but said to come from OCR (not claimed as fact)', () => {
    const doc = setRead(fresh(), 'applications.granted.otherOrg', '8', 0.99)
    const { report, findings } = evaluateOcr(doc)
    expect(report.ocrCheck!.cells['applications.granted.otherOrg']).toEqual({
      status: 'uncertain',
      read: 8,
      suggested: 3
    })
    const arith = findings.filter(f => f.rule.startsWith('A'))
    expect(arith.map(f => f.rule)).toEqual(['A01', 'A02'])
    for (const f of arith) expect(f.message.endsWith(OCR_NOTE)).toBe(true)
    // The value stays as read: nothing printed is overwritten.
    expect(app(report, 'granted', 'otherOrg')).toBe(8)
  })

  test('a cell not read is filled from two independent sums that agree, and vouched', () => {
    const doc = setRead(fresh(), 'applications.denied.lawProhibited.natural', '')
    const { report, findings } = evaluateOcr(doc)
    expect(parseReport(doc).tables.applications!['denied.lawProhibited']!.natural).toBeNull()
    expect(app(report, 'denied.lawProhibited', 'natural')).toBe(30)
    expect(report.ocrCheck!.cells['applications.denied.lawProhibited.natural']!.status).toBe(
      'repaired'
    )
    expect(report.ocrCheck!.uncertain).not.toContain('applications.denied.lawProhibited.natural')
    expect(findings.some(f => f.rule === 'T02')).toBe(false)
  })

  test('a cell in one sum only is not repaired: null, uncertain, T02 says OCR did not read it', () => {
    const doc = setRead(fresh(), 'reviewLitigation.litigationDirect.upheld', '')
    const { report, findings } = evaluateOcr(doc)
    expect(report.tables.reviewLitigation!.litigationDirect.upheld).toBeNull()
    expect(report.ocrCheck!.cells['reviewLitigation.litigationDirect.upheld']!.status).toBe(
      'unread'
    )
    // The group's other cells: their only sum is blocked, nothing vouches for them.
    for (const c of ['corrected', 'other', 'pending', 'total'])
      expect(report.ocrCheck!.uncertain).toContain(`reviewLitigation.litigationDirect.${c}`)
    const t02 = findings.find(f => f.rule === 'T02' && f.group === 'litigationDirect')
    expect(t02?.message.endsWith(OCR_UNREAD_NOTE)).toBe(true)
  })

  test('no repair when more than ~15 % of the table is unread', () => {
    let doc = fresh()
    const blanked = tableCells(plain.tables)
      .filter(c => c.table === 'applications' && c.column === 'research')
      .map(c => c.key)
    const more = ['natural', 'commercial'].map(c => `applications.other.other.${c}`)
    // 25 + 2 of 175 cells, and one cell that two agreeing sums could otherwise fill.
    for (const k of [...blanked, ...more, 'applications.denied.lawProhibited.natural'])
      doc = setRead(doc, k, '')
    const { report } = evaluateOcr(doc)
    expect(app(report, 'denied.lawProhibited', 'natural')).toBeNull()
    expect(report.ocrCheck!.cells['applications.denied.lawProhibited.natural']!.status).toBe(
      'unread'
    )
    // The same single blank in a well-read table is repaired (previous test): the guard did it.
    const share = 28 / tableCells(plain.tables).filter(c => c.table === 'applications').length
    expect(share).toBeGreaterThan(0.15)
  })

  test('a printed total that reads clearly stays as printed (洪泽 2023: 复议 total 0), A04 reports it', () => {
    const doc = setRead(fresh(), 'reviewLitigation.review.total', '0', 0.99)
    const { report, findings } = evaluateOcr(doc)
    expect(report.tables.reviewLitigation!.review.total).toBe(0)
    expect(report.ocrCheck!.uncertain).toContain('reviewLitigation.review.total')
    const a04 = findings.filter(f => f.rule === 'A04')
    expect(a04).toHaveLength(1)
    expect(a04[0]!.actual).toBe(0)
    expect(a04[0]!.message.endsWith(OCR_NOTE)).toBe(true)
  })

  test('the supervisor’s corrections: a corrected cell takes their value, the rules see it', () => {
    const doc = setRead(fresh(), 'applications.granted.otherOrg', '8', 0.99)
    const fixed = evaluateOcr(doc, { 'applications.granted.otherOrg': 3 })
    expect(fixed.report.ocrCheck!.cells['applications.granted.otherOrg']!.status).toBe('corrected')
    expect(app(fixed.report, 'granted', 'otherOrg')).toBe(3)
    expect(fixed.findings.filter(f => f.rule.startsWith('A'))).toEqual([])
    expect(fixed.report.ocrCheck!.uncertain).not.toContain('applications.granted.otherOrg')
    // Confirmed as read: the agency's own error, stated as fact.
    const confirmed = evaluateOcr(doc, { 'applications.granted.otherOrg': 'confirmed' })
    const arith = confirmed.findings.filter(f => f.rule.startsWith('A'))
    expect(arith.map(f => f.rule)).toEqual(['A01', 'A02'])
    for (const f of arith) expect(f.message.endsWith(OCR_NOTE)).toBe(false)
  })

  test('hand-made: a sum of zeros vouches for its cells; a lone cell with a broken sum does not', () => {
    const r = parseReport(fresh())
    const zero = JSON.parse(JSON.stringify(r)) as ParsedReport
    const apps = zero.tables.applications!
    for (const row of Object.values(apps)) for (const c of APPLICANT_COLUMNS) row[c] = 0
    apps['received']!.natural = 5
    const { check } = verifyOcr(zero)
    // received.natural breaks A01 (row) and A03 (column): uncertain; received.total's other sum
    // (A03 total) holds with 0 = 0, so it is vouched for.
    expect(check.cells['applications.received.natural']).toEqual({
      status: 'uncertain',
      read: 5,
      suggested: 0
    })
    expect(check.cells['applications.received.total']!.status).toBe('vouched')
  })
})

describe('the sums as data match the rules that check them', () => {
  test('breaking each identity in a real report fires its own rule at its own place', () => {
    for (const id of sumIdentities('2021')) {
      const report = JSON.parse(JSON.stringify(plain)) as ParsedReport
      const key = id.right[0]!
      const [table, ...rest] = key.split('.')
      const column = rest.pop()!
      const row = rest.join('.')
      const t = report.tables[table as 'applications'] as unknown as Record<
        string,
        Record<string, number>
      >
      t[row]![column]! += 1
      const fs = evaluateReport({
        report,
        doc: text,
        file: { path: 'x.pdf', format: 'pdf', mtimeMs: 0 },
        level: 'government',
        settings: DEFAULT_RULE_SETTINGS
      })
      const hit = fs.filter(
        f =>
          f.rule === id.rule &&
          f.row === id.where.row &&
          f.column === id.where.column &&
          f.group === id.where.group
      )
      expect(hit, `${id.rule} ${JSON.stringify(id.where)}`).toHaveLength(1)
    }
  })
})
