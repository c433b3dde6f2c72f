import { execFileSync } from 'node:child_process'
/**
 * Mutated samples (deterministic by seed): dropped, duplicated and joined lines, re-spacing,
 * truncation, random bytes, other encodings. The pipeline must never throw, and every file must get
 * an entry; a file that is no longer a checkable report must say so with M03.
 */
import {
  mkdirSync,
  promises as fsp,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHash } from 'node:crypto'
import { exportNotices } from '../src/core/export/notices'
import { auditFolder, ingestFile } from '../src/core/pipeline/index'
import { reparse } from '../src/core/pipeline/file'
import { decodeStored } from '../src/core/extract/stored-document'
import { documentBlob } from '../src/core/store/reports'
import { getRuleSettings } from '../src/core/store/settings'
import { silentLogger } from '../src/core/logger'
import { sampleNames, sandbox, SAMPLES, type Sandbox } from './helpers/temp-corpus'

function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Mutation = (text: string, r: () => number) => Buffer
const lines = (t: string) => t.split('\n')
const utf8 = (t: string) => Buffer.from(t, 'utf8')

const MUTATIONS: Record<string, Mutation> = {
  'as-is': t => utf8(t),
  'drop-lines': (t, r) =>
    utf8(
      lines(t)
        .filter(() => r() > 0.15)
        .join('\n')
    ),
  'duplicate-lines': (t, r) =>
    utf8(
      lines(t)
        .flatMap(l => (r() < 0.15 ? [l, l] : [l]))
        .join('\n')
    ),
  'join-lines': (t, r) => utf8(lines(t).reduce((acc, l) => (r() < 0.3 ? acc + l : `${acc}\n${l}`))),
  respace: (t, r) =>
    utf8(
      t
        .replace(/[\t ]+/g, () => (r() < 0.5 ? '' : ' '.repeat(1 + Math.floor(r() * 4))))
        .replace(/([\u4e00-\u9fff])/g, m => (r() < 0.05 ? `${m} ` : m))
    ),
  'tabs-to-spaces': t => utf8(t.replace(/\t/g, '  ')),
  truncate: (t, r) => {
    const b = utf8(t)
    return b.subarray(0, Math.floor(b.length * (0.1 + r() * 0.8)))
  },
  'random-bytes': (t, r) => {
    const b = utf8(t)
    for (let i = 0; i < b.length / 100; i++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256)
    return b
  },
  'random-block': (t, r) => {
    const b = utf8(t)
    const at = Math.floor(r() * b.length * 0.8)
    for (let i = at; i < Math.min(b.length, at + 600); i++) b[i] = Math.floor(r() * 256)
    return b
  },
  'all-random': (_t, r) => Buffer.from(Array.from({ length: 3000 }, () => Math.floor(r() * 256))),
  gb18030: t => iconv.encode(t, 'gb18030'),
  'gb18030-crlf-truncated': (t, r) => {
    const b = iconv.encode(t.replace(/\n/g, '\r\n'), 'gb18030')
    return b.subarray(0, Math.floor(b.length * (0.5 + r() * 0.4)))
  },
  'utf16le-bom': t => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(t, 'utf-16le')]),
  'utf16be-bom': t => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(t, 'utf-16be')]),
  'utf8-bom-crlf': t =>
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(t.replace(/\n/g, '\r\n'))]),
  'title-only': t =>
    utf8(
      lines(t)
        .filter(l => l.trim())
        .slice(0, 1)
        .join('\n')
    ),
  empty: () => Buffer.alloc(0)
}

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

describe('robustness', () => {
  it('never throws and gives every mutated file an entry', async () => {
    sb = await sandbox(false)
    const written = new Map<string, Buffer>()
    sampleNames().forEach((name, i) => {
      const text = readFileSync(path.join(SAMPLES, name), 'utf8')
      for (const [mname, mutate] of Object.entries(MUTATIONS)) {
        const bytes = mutate(text, rng(1000 * i + mname.length * 7 + 1))
        const file = `${path.basename(name, '.txt')}.${mname}.txt`
        writeFileSync(path.join(sb!.folder, file), bytes)
        written.set(file, bytes)
      }
    })
    const errors: string[] = []
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (m: string) => void errors.push(m)
    }
    const result = await auditFolder(sb.folder, sb.store, { logger })
    expect(result.files).toBe(written.size)
    expect(errors).toEqual([])
    const json = await sb.store.reportsJson(result.root)
    expect(json.map(r => r.file)).toEqual([...written.keys()].sort())
    for (const r of json) {
      expect(r.sha256, r.file).toBe(createHash('sha256').update(written.get(r.file)!).digest('hex'))
      if (r.agency === null || r.year === null || r.template === null) {
        expect(
          r.findings.map(f => f.rule),
          r.file
        ).toContain('M03')
      }
    }
    // Re-encoded but otherwise intact copies read exactly like the originals.
    const byFile = new Map(json.map(r => [r.file, r]))
    for (const name of sampleNames()) {
      const base = path.basename(name, '.txt')
      const original = byFile.get(`${base}.as-is.txt`)!
      expect(typeof original.agency).toBe('string')
      for (const enc of ['gb18030', 'utf16le-bom', 'utf16be-bom', 'utf8-bom-crlf']) {
        const r = byFile.get(`${base}.${enc}.txt`)!
        expect({ agency: r.agency, year: r.year, template: r.template }, `${base}.${enc}`).toEqual({
          agency: original.agency,
          year: original.year,
          template: original.template
        })
      }
      for (const bad of ['empty', 'all-random']) {
        expect(byFile.get(`${base}.${bad}.txt`)!.findings.map(f => f.rule)).toContain('M03')
      }
    }
    // And a second run over the same mutations parses nothing.
    expect((await auditFolder(sb.folder, sb.store, { logger })).parsed).toBe(0)
  })

  // A broken link was only logged: the supervisor never saw that a report went unchecked.
  it.skipIf(process.platform === 'win32')(
    'gives a broken link an M03 that says why, in the scan and the watcher alike',
    async () => {
      sb = await sandbox(true)
      symlinkSync(path.join(sb.dir, 'moved-away.pdf'), path.join(sb.folder, '链接.pdf'))
      const result = await auditFolder(sb.folder, sb.store, {})
      expect(result.files).toBe(sampleNames().length + 1)
      const m03 = async (file: string): Promise<string[]> =>
        (await sb!.store.reportsJson(result.root))
          .find(r => r.file === file)!
          .findings.filter(f => f.rule === 'M03')
          .map(f => f.message)
      expect(await m03('链接.pdf')).toEqual([
        expect.stringContaining('快捷方式（符号链接）指向的文件不存在')
      ])
      expect(await ingestFile(sb.folder, path.join(sb.folder, '链接.pdf'), sb.store, {})).toBe(
        false
      )
      expect(await m03('链接.pdf')).toEqual([
        expect.stringContaining('快捷方式（符号链接）指向的文件不存在')
      ])
    }
  )

  // Issue #19: a symlinked folder holding reports, and a FIFO, got no entry at all.
  it.skipIf(process.platform === 'win32')(
    'reads the reports of a symlinked folder, and gives a FIFO an M03 without blocking',
    async () => {
      sb = await sandbox(false)
      const elsewhere = path.join(sb.dir, 'elsewhere')
      mkdirSync(elsewhere)
      for (const n of sampleNames().slice(0, 2))
        writeFileSync(path.join(elsewhere, n), readFileSync(path.join(SAMPLES, n)))
      symlinkSync(elsewhere, path.join(sb.folder, '下级单位'))
      execFileSync('mkfifo', [path.join(sb.folder, '管道.txt')])
      const result = await auditFolder(sb.folder, sb.store, {})
      const reports = await sb.store.reportsJson(result.root)
      const m03 = (file: string) =>
        reports
          .find(r => r.file === file)
          ?.findings.filter(f => f.rule === 'M03')
          .map(f => f.message)
      for (const n of sampleNames().slice(0, 2)) expect(m03(`下级单位/${n}`)).toEqual([])
      expect(m03('管道.txt')).toEqual([
        expect.stringContaining('这是命名管道（FIFO），不是普通文件，未读取')
      ])
      // The watcher's event for it: known unreadable, not opened (a read would block).
      expect(await ingestFile(sb.folder, path.join(sb.folder, '管道.txt'), sb.store, {})).toBe(
        false
      )
      expect(
        (await sb.store.reportsJson(result.root))
          .find(r => r.file === '管道.txt')!
          .findings.map(f => f.rule)
      ).toEqual(['M03'])
    }
  )

  // A zip packed on Windows and unpacked on Linux (统信/麒麟 desktops) names its files in GBK. Node
  // lists them with U+FFFD and cannot open them by that name; 报报.txt and 报告.txt both listed as
  // ����.txt, and the two entries of one key stopped the whole ingest (SQLITE_CONSTRAINT).
  it.skipIf(process.platform !== 'linux')(
    'reads files and folders named in GBK bytes, under their GB18030 names',
    async () => {
      sb = await sandbox(false)
      const at = (...names: Buffer[]): Buffer =>
        Buffer.concat([Buffer.from(sb!.folder), ...names.flatMap(n => [Buffer.from('/'), n])])
      const gbk = (s: string): Buffer => iconv.encode(s, 'gbk')
      const [a, b] = sampleNames().map(n => readFileSync(path.join(SAMPLES, n)))
      mkdirSync(at(gbk('各单位年报')))
      writeFileSync(at(gbk('报报.txt')), a!)
      writeFileSync(at(gbk('报告.txt')), b!)
      writeFileSync(at(gbk('各单位年报'), gbk('民政局.txt')), b!)
      writeFileSync(
        at(Buffer.concat([Buffer.from([0xff, 0xfe, 0x80, 0x61]), Buffer.from('.txt')])),
        a!
      )
      const result = await auditFolder(sb.folder, sb.store, {})
      const json = await sb.store.reportsJson(result.root)
      expect(
        json.map(r => [r.file, r.agency, r.findings.filter(f => f.rule === 'M03').length])
      ).toEqual([
        ['%FF%FE%80a.txt', expect.any(String), 0],
        ['各单位年报/民政局.txt', expect.any(String), 0],
        ['报告.txt', expect.any(String), 0],
        ['报报.txt', expect.any(String), 0]
      ])
      expect(json.find(r => r.file === '报报.txt')!.sha256).toBe(
        createHash('sha256').update(a!).digest('hex')
      )
      expect((await auditFolder(sb.folder, sb.store, {})).unchanged).toBe(4)
      // A real name equal to one made of bytes: both kept, the one read from bytes suffixed.
      writeFileSync(path.join(sb.folder, '%FF%FE%80a.txt'), b!)
      const again = await sb.store.reportsJson((await auditFolder(sb.folder, sb.store, {})).root)
      expect(again.map(r => r.file).filter(f => f.startsWith('%'))).toEqual([
        '%FF%FE%80a.txt',
        '%FF%FE%80a.txt (2)'
      ])
    }
  )

  it('says a file cut short is incomplete, even when too little is left to tell it is a Word file', async () => {
    sb = await sandbox(false)
    const docx = readFileSync(
      path.join(__dirname, 'fixtures/formats/samples/003_af8fd19025225cb0.docx')
    )
    writeFileSync(path.join(sb.folder, 'a.docx'), docx.subarray(0, Math.floor(docx.length * 0.3)))
    const result = await auditFolder(sb.folder, sb.store, {})
    const [r] = await sb.store.reportsJson(result.root)
    expect(r!.findings.filter(f => f.rule === 'M03').map(f => f.message)).toEqual([
      expect.stringMatching(/^文件无法识别为政府信息公开工作年度报告：文件不完整：结尾缺失/)
    ])
  })

  it('a compilation of reports in one file gets an M03 naming them, and its first report is checked', async () => {
    sb = await sandbox(false)
    const texts = sampleNames()
      .slice(0, 3)
      .map(n => readFileSync(path.join(SAMPLES, n), 'utf8'))
    writeFileSync(path.join(sb.folder, '汇编.txt'), texts.join('\n'))
    const [r] = await sb.store.reportsJson((await auditFolder(sb.folder, sb.store, {})).root)
    expect(r!.agency).toBe('中卫市机关事务服务中心')
    expect(r!.findings.filter(f => f.rule === 'M03').map(f => f.message)).toEqual([
      expect.stringMatching(
        /^文件无法识别为政府信息公开工作年度报告：文件中有 3 份年度报告（中卫市机关事务服务中心2023年、中卫市民政局2023年、/
      )
    ])
  })

  it('does not read a file of hundreds of MB or more: M03 says it is too large', async () => {
    sb = await sandbox(true)
    // Sparse files: the size is real, the disk space is not used.
    const pdf = path.join(sb.folder, 'scan.pdf')
    writeFileSync(pdf, '%PDF-1.4\n')
    truncateSync(pdf, 700 * 1024 ** 2)
    writeFileSync(path.join(sb.folder, 'video.mp4'), '')
    truncateSync(path.join(sb.folder, 'video.mp4'), 3 * 1024 ** 3)
    // A text report is tens of KB; 200 MB of text took 10 s and 2.2 GB.
    writeFileSync(path.join(sb.folder, 'log.txt'), '')
    truncateSync(path.join(sb.folder, 'log.txt'), 40 * 1024 ** 2)
    const result = await auditFolder(sb.folder, sb.store, {})
    expect(result.files).toBe(sampleNames().length + 3)
    const json = await sb.store.reportsJson(result.root)
    const m03 = (file: string): string[] =>
      json
        .find(r => r.file === file)!
        .findings.filter(f => f.rule === 'M03')
        .map(f => f.message)
    expect(m03('scan.pdf')).toEqual([
      expect.stringContaining('文件过大（700 MB，超过 256 MB），未读取')
    ])
    expect(m03('video.mp4')).toEqual([
      expect.stringContaining('文件过大（3.0 GB，超过 256 MB），未读取')
    ])
    expect(m03('log.txt')).toEqual([
      expect.stringContaining('文件过大（40 MB，超过 32 MB），未读取')
    ])
    for (const name of sampleNames()) expect(m03(name), name).toEqual([])
  })

  it('a file Windows refuses to read (held by another program) says so, and the next rescan reads it', async () => {
    sb = await sandbox(true)
    const held = sampleNames()[0]!
    const readFile = fsp.readFile.bind(fsp)
    // EBUSY is what Windows gives while a download or a copy still holds the file; it cannot be
    // made on Linux, so the read is refused here by hand.
    const spy = vi.spyOn(fsp, 'readFile').mockImplementation(async (file, ...rest) => {
      if (String(file).endsWith(held))
        throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' })
      return readFile(file, ...(rest as []))
    })
    const first = await auditFolder(sb.folder, sb.store, { workers: 0 })
    expect(first.unreadable).toBe(1)
    const m03 = async () =>
      (await sb!.store.reportsJson(first.root))
        .find(r => r.file === held)!
        .findings.filter(f => f.rule === 'M03')
        .map(f => f.message)
    expect(await m03()).toEqual([
      expect.stringContaining(
        '无法读取文件（文件正被其他程序占用，请关闭该程序或等复制完成后点击“重新扫描”）'
      )
    ])
    spy.mockRestore()
    // Same size and mtime: an unchanged file would be skipped, but one never read is read again.
    const second = await auditFolder(sb.folder, sb.store, { workers: 0 })
    expect(second.parsed).toBe(1)
    expect(await m03()).toEqual([])
    expect(
      (await sb.store.reportsJson(first.root)).find(r => r.file === held)!.agency
    ).not.toBeNull()
  })

  it('a document about reports (the 整改意见 this app writes) gets one M03, not forty findings, and is nobody’s report', async () => {
    sb = await sandbox(true)
    const first = await auditFolder(sb.folder, sb.store, {})
    const before = await sb.store.reportsJson(first.root)
    // Saved into the same folder, as a supervisor might: every title in it names an agency and a year.
    const notices = await exportNotices(sb.store, { file: path.join(sb.folder, '整改意见.docx') })
    expect(notices.reports).toBeGreaterThan(2)
    const after = await sb.store.reportsJson((await auditFolder(sb.folder, sb.store, {})).root)
    const entry = after.find(r => r.file === '整改意见.docx')!
    expect(entry).toMatchObject({ agency: null, year: null })
    expect(entry.findings.map(f => [f.rule, f.message])).toEqual([
      [
        'M03',
        '文件无法识别为政府信息公开工作年度报告：文件中没有年度报告的章节和统计数字，可能是关于年度报告的通知、审查意见或整改材料，而不是年度报告本身。'
      ]
    ])
    // The reports it names are still the only ones of their agency and year: no M02.
    expect(after.filter(r => r.file !== '整改意见.docx')).toEqual(before)
    // Parsed again from its stored document (a level or settings change, an OCR check), it is
    // still nobody's report with the same one M03.
    const row = await sb.store.db.get<{ id: number }>(
      'SELECT r.id FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ?',
      ['整改意见.docx']
    )
    const doc = await decodeStored(await documentBlob(sb.store.db, row!.id))
    const again = reparse(
      { path: '整改意见.docx', format: 'docx', mtimeMs: 0 },
      doc!,
      'department',
      await getRuleSettings(sb.store.db),
      silentLogger
    )
    expect(again.parsed).toMatchObject({ agency: null, year: null })
    expect(again.findings.map(f => [f.rule, f.message])).toEqual(
      entry.findings.map(f => [f.rule, f.message])
    )
  })

  it('the supervisor’s own 报送通知, which lists the six headings a report must have, gets one M03', async () => {
    sb = await sandbox(false)
    const notice = [
      '关于报送2023年度政府信息公开工作年度报告的通知',
      '各区县人民政府、市直各部门：',
      '请各单位于2024年1月31日前报送2023年度政府信息公开工作年度报告。报告应包括以下内容：',
      ...[
        '一、总体情况',
        '二、主动公开政府信息情况',
        '三、收到和处理政府信息公开申请情况',
        '四、政府信息公开行政复议、行政诉讼情况',
        '五、存在的主要问题及改进情况',
        '六、其他需要报告的事项'
      ],
      '附件：年度报告格式',
      '市政务公开办',
      '2024年1月5日'
    ].join('\n')
    writeFileSync(path.join(sb.folder, '报送通知.txt'), notice)
    const [r] = await sb.store.reportsJson((await auditFolder(sb.folder, sb.store, {})).root)
    expect(r!.findings.map(f => f.rule)).toEqual(['M03'])
  })
})
