import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/index'
import { CLI_REPORT_KEYS, fakeIo } from './helpers/cli-io'
import { cliJson } from '../src/cli/report-json'
import { extractDocument } from '../src/core/extract/index'
import { auditFolder } from '../src/core/pipeline/index'
import { openStore } from '../src/core/store/index'
import { APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS } from '../src/shared/template'
import { sampleNames, SAMPLES, REAL } from './helpers/temp-corpus'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'nianbao-cli-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const FINDING_KEYS = [
  'rule',
  'severity',
  'message',
  'lines',
  'row',
  'column',
  'group',
  'expected',
  'actual'
]

describe('cli audit', () => {
  it('prints cli.md JSON for the samples: one entry per file, fields in order', async () => {
    const io = fakeIo()
    expect(await main(['audit', SAMPLES, '--json', '-'], io)).toBe(0)
    const out = JSON.parse(io.stdout) as { reports: Record<string, unknown>[] }
    expect(Object.keys(out)).toEqual(['reports'])
    expect(out.reports.map(r => r.file)).toEqual(sampleNames())
    for (const r of out.reports) {
      expect(Object.keys(r)).toEqual(CLI_REPORT_KEYS)
      const bytes = readFileSync(path.join(SAMPLES, r.file as string))
      expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(r.format).toBe('txt')
      // The samples are 2021-template reports by named agencies.
      expect(typeof r.agency).toBe('string')
      expect(r.year).toBeGreaterThanOrEqual(2021)
      expect(r.template).toBe('2021')
      const tables = r.tables as Record<string, Record<string, Record<string, unknown>> | null>
      expect(Object.keys(tables)).toEqual(['proactive', 'applications', 'reviewLitigation'])
      expect(Object.keys(tables.applications!.received!)).toEqual([...APPLICANT_COLUMNS])
      expect(Object.keys(tables.reviewLitigation!)).toEqual([...REVIEW_GROUPS])
      expect(Object.keys(tables.reviewLitigation!.review!)).toEqual([...REVIEW_COLUMNS])
      for (const f of r.findings as Record<string, unknown>[]) {
        const keys = Object.keys(f)
        expect(keys.slice(0, 3)).toEqual(['rule', 'severity', 'message'])
        expect(
          keys.every(k => FINDING_KEYS.includes(k)),
          keys.join()
        ).toBe(true)
        // Keys appear in cli.md's order.
        expect(keys).toEqual(FINDING_KEYS.filter(k => keys.includes(k)))
      }
    }
    expect(io.stderr).toHaveLength(1)
    expect(io.stderr[0]).toContain(`共 ${sampleNames().length} 个文件`)
  })

  it('keeps a --db between runs and re-reads nothing the second time', async () => {
    const db = path.join(tmp, 'keep.sqlite')
    const json = path.join(tmp, 'out.json')
    const first = fakeIo()
    expect(await main(['audit', SAMPLES, '--db', db, '--json', json], first)).toBe(0)
    const firstJson = readFileSync(json, 'utf8')
    const second = fakeIo()
    expect(await main(['audit', SAMPLES, '--db', db, '--json', json], second)).toBe(0)
    expect(second.stderr[0]).toContain('新读取 0')
    expect(readFileSync(json, 'utf8')).toBe(firstJson)
  })

  it('--notices writes the 整改意见 document for the audited folder, one notice per report with findings', async () => {
    const file = path.join(tmp, '整改意见.docx')
    const io = fakeIo()
    expect(
      await main(['audit', SAMPLES, '--json', path.join(tmp, 'n.json'), '--notices', file], io)
    ).toBe(0)
    const reports = JSON.parse(readFileSync(path.join(tmp, 'n.json'), 'utf8')).reports as {
      agency: string
      year: number
      findings: unknown[]
    }[]
    const withFindings = reports.filter(r => r.findings.length > 0)
    const read = await extractDocument(readFileSync(file), 'docx')
    if (!read.ok) throw new Error(read.reason)
    expect(read.doc.lines.filter(l => /^关于.+的审查意见$/.test(l)).sort()).toEqual(
      withFindings.map(r => `关于${r.agency}${r.year}年政府信息公开工作年度报告的审查意见`).sort()
    )
    const listed = withFindings.reduce((n, r) => n + r.findings.length, 0)
    expect(io.stderr).toContain(`整改意见：${withFindings.length} 份，列出问题 ${listed} 个`)
    expect(io.stderr.at(-1)).toMatch(/^共 5 个文件/)
  })

  it('gives every file of the messier real corpus an entry', async () => {
    const io = fakeIo()
    expect(await main(['audit', REAL, '--json', '-'], io)).toBe(0)
    const out = JSON.parse(io.stdout) as { reports: { file: string; format: string }[] }
    const expected = readdirSync(REAL).sort()
    expect(out.reports.map(r => r.file)).toEqual(expected)
    expect(out.reports.find(r => r.file.endsWith('.html'))?.format).toBe('html')
  })

  it('reads the Word, WPS and PDF files of a small folder as the pipeline does in one thread', async () => {
    // The CLI hands every file to a worker (pipeline/spare.ts); what it prints must not change.
    const formats = path.join(__dirname, 'fixtures/formats/samples')
    const io = fakeIo()
    expect(await main(['audit', formats, '--json', '-'], io)).toBe(0)
    const printed = (JSON.parse(io.stdout) as { reports: unknown[] }).reports
    const store = await openStore(path.join(tmp, 'in-thread.sqlite'))
    try {
      const { root } = await auditFolder(formats, store, { workers: 0 })
      expect(printed).toEqual(JSON.parse(cliJson(await store.reportsJson(root))).reports)
    } finally {
      await store.close()
    }
    expect(printed.length).toBe(readdirSync(formats).length)
    expect(
      (printed as { format: string; findings: { rule: string }[] }[]).filter(r =>
        r.findings.some(f => f.rule === 'M03')
      )
    ).toEqual([])
  }, 120_000)

  it('refuses bad arguments and unusable folders or databases with exit 2 and a message', async () => {
    const cases: string[][] = [
      [],
      ['nonsense'],
      ['audit'],
      ['audit', SAMPLES, SAMPLES],
      ['audit', path.join(tmp, 'missing')],
      ['audit', path.join(SAMPLES, sampleNames()[0]!)],
      ['audit', SAMPLES, '--bogus', 'x'],
      ['audit', SAMPLES, '--json'],
      ['audit', SAMPLES, '--db', path.join(tmp, 'no', 'such', 'dir', 'x.sqlite')],
      ['audit', SAMPLES, '--db', path.join(SAMPLES, 'inside.sqlite')],
      ['audit', SAMPLES, '--xlsx', path.join(tmp, 'no', 'such', 'x.xlsx')],
      ['audit', SAMPLES, '--xlsx', path.join(SAMPLES, 'inside.xlsx')],
      ['audit', SAMPLES, '--notices', path.join(SAMPLES, 'inside.docx')],
      ['audit', SAMPLES, '--notices', path.join(tmp, 'no', 'such', 'n.docx')],
      ['audit', SAMPLES, '--notices', path.join(tmp, 'notices.txt')],
      ['audit', SAMPLES, '--json', path.join(tmp, 'no', 'such', 'out.json')]
    ]
    for (const argv of cases) {
      const io = fakeIo()
      expect(await main(argv, io), argv.join(' ')).toBe(2)
      expect(io.stderr.join('\n'), argv.join(' ')).toMatch(/[\u4e00-\u9fff]/)
      expect(io.stdout).toBe('')
    }
  })

  it('says in words what to do with a database file that is damaged or not one of ours (issue #19)', async () => {
    const { writeFileSync } = await import('node:fs')
    for (const [name, bytes] of [
      ['notadb.sqlite', Buffer.from('这不是数据库'.repeat(400))],
      [
        'damaged.sqlite',
        Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)])
      ]
    ] as const) {
      const db = path.join(tmp, name)
      writeFileSync(db, bytes)
      const io = fakeIo()
      expect(await main(['audit', SAMPLES, '--db', db, '--json', '-'], io)).toBe(2)
      expect(io.stderr.join('\n')).toMatch(
        /^错误：无法使用数据库 .*：(该文件不是本程序的数据库，或已损坏|数据库文件已损坏)：请换用新的数据库文件（--db），或把该文件移到别处后重新运行/
      )
      expect(io.stdout).toBe('')
    }
  })

  it('runs as a process: JSON on stdout only, summary on stderr, exit 0', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/index.ts', 'audit', SAMPLES, '--json', '-'], {
      cwd: path.resolve(__dirname, '..'),
      encoding: 'utf8'
    })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).reports).toHaveLength(sampleNames().length)
    expect(r.stderr).toContain('共 ')
  })
})
