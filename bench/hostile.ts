/**
 * npx tsx bench/hostile.ts [--seed S] [--keep]
 *
 * A hostile corpus (issue #19), generated into a fresh folder under os.tmpdir(): mutations of the
 * test fixtures (bytes changed, cut short, garbage spliced in), zip and flate bombs, a .docx of
 * 0.4 GB of paragraphs, huge lines, deep nesting, unclosed tags, broken PDFs, links (to files, to
 * folders, back up the tree, broken, to a FIFO) and a FIFO. Then `audit --json` over it as a user
 * runs it (the CLI in a child process under /usr/bin/time), and prints one JSON object: files
 * made, wall time, exit status, peak RSS, reports in the JSON, M03s by cause, and every regular
 * file that got no entry. Figures are measured, never asserted (bench/RESULTS.md).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ofdBomb, paragraphsDocx, pdfBomb } from '../test/helpers/bombs'

const ROOT = path.join(__dirname, '..')
const FIXTURES = path.join(ROOT, 'test/fixtures/formats')
const SAMPLES = path.join(ROOT, '../shared/corpus/samples')
const MB = 1024 * 1024

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

let seed = Number(arg('seed') ?? 19)
const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
const pick = (n: number): number => Math.floor(rnd() * n)

/** The fixtures mutated: every format the app reads. */
function baseFiles(): string[] {
  const out: string[] = []
  for (const sub of ['samples', 'hand', 'ofd', 'broken', 'real']) {
    const dir = path.join(FIXTURES, sub)
    for (const f of readdirSync(dir, { withFileTypes: true }))
      if (f.isFile()) out.push(path.join(dir, f.name))
  }
  for (const f of readdirSync(SAMPLES)) out.push(path.join(SAMPLES, f))
  return out.filter(f => !/\.(ts|md|json|tsv)$/.test(f))
}

const MUTATIONS: Array<[string, (b: Buffer) => Buffer]> = [
  ['flip1', b => flip(b, 1)],
  ['flip8', b => flip(b, 8)],
  ['flip64', b => flip(b, 64)],
  ['cut-half', b => b.subarray(0, Math.floor(b.length / 2))],
  ['cut-tail', b => b.subarray(0, Math.max(0, b.length - 1 - pick(200)))],
  ['cut-head', b => b.subarray(Math.min(b.length, 1 + pick(100)))],
  ['splice', b => splice(b)],
  ['zero-run', b => zeroRun(b)]
]

function flip(b: Buffer, n: number): Buffer {
  const c = Buffer.from(b)
  for (let i = 0; i < n && c.length > 0; i++) c[pick(c.length)] = pick(256)
  return c
}
function splice(b: Buffer): Buffer {
  const at = pick(b.length + 1)
  const junk = Buffer.alloc(1 + pick(4096))
  for (let i = 0; i < junk.length; i++) junk[i] = pick(256)
  return Buffer.concat([b.subarray(0, at), junk, b.subarray(at)])
}
function zeroRun(b: Buffer): Buffer {
  const c = Buffer.from(b)
  const at = pick(c.length + 1)
  c.fill(0, at, Math.min(c.length, at + 1 + pick(65536)))
  return c
}

/** The hand-made hostile files: name → bytes. */
function specials(): Array<[string, Buffer | string]> {
  const out: Array<[string, Buffer | string]> = []
  for (let i = 0; i < 2; i++) out.push([`bombs/段落-${i}.docx`, paragraphsDocx(400 * MB)])
  for (let i = 0; i < 2; i++) out.push([`bombs/zip-${i}.docx`, paragraphsDocx(1024 * MB)])
  for (let i = 0; i < 2; i++) out.push([`bombs/ofd-${i}.ofd`, ofdBomb(1024 * MB)])
  for (let i = 0; i < 2; i++) out.push([`bombs/flate-${i}.pdf`, pdfBomb(1024 * MB)])
  out.push(['bombs/flate-small.pdf', pdfBomb(100 * MB)])
  // Huge lines.
  out.push(['lines/one-line-8mb.txt', '本机关'.repeat(Math.floor((8 * MB) / 9))])
  out.push(['lines/digits.txt', `合计 ${'1,'.repeat(2_000_000)}x`])
  out.push(['lines/one-line.html', `<html><body><p>${'一'.repeat(3 * MB)}</p></body></html>`])
  // Unclosed and deeply nested markup.
  out.push(['nesting/unclosed-div-900k.html', `<html><body>${'<div>一'.repeat(150_000)}`])
  out.push(['nesting/unclosed-b.html', `<html><body>${'<b>一'.repeat(100_000)}`])
  out.push(['nesting/table-deep.html', `<table><tr><td>${'<table><tr><td>'.repeat(20_000)}一`])
  out.push(['nesting/span-deep.html', `${'<span>'.repeat(200_000)}一${'</span>'.repeat(200_000)}`])
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
  out.push([
    'nesting/deep.xml',
    `<?xml version="1.0"?><w:document ${W}><w:body>${'<w:tbl><w:tr><w:tc>'.repeat(30_000)}<w:p><w:r><w:t>一</w:t></w:r></w:p></w:body></w:document>`
  ])
  // Broken PDFs.
  out.push(['pdf/header-only.pdf', '%PDF-1.7\n'])
  out.push([
    'pdf/no-xref.pdf',
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n'
  ])
  out.push([
    'pdf/loop-pages.pdf',
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'
  ])
  out.push(['pdf/garbage.pdf', flip(Buffer.alloc(200_000, 0x41), 20_000)])
  // Empty and odd files.
  out.push(['odd/empty.txt', ''])
  out.push(['odd/empty.pdf', ''])
  out.push(['odd/nul.docx', Buffer.alloc(4096)])
  out.push(['odd/utf16.txt', Buffer.from('\ufeff本机关2023年政府信息公开工作年度报告', 'utf16le')])
  return out
}

function main(): void {
  const keep = process.argv.includes('--keep')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-hostile-'))
  const folder = path.join(dir, 'corpus')
  mkdirSync(folder)
  const made: string[] = []
  const write = (rel: string, data: Buffer | string): void => {
    mkdirSync(path.dirname(path.join(folder, rel)), { recursive: true })
    writeFileSync(path.join(folder, rel), data)
    made.push(rel)
  }
  const bases = baseFiles()
  let round = 0
  // Mutations until, with the rest, the corpus passes 1,000 regular files.
  while (made.length < 1_000) {
    for (const base of bases) {
      const bytes = readFileSync(base)
      const [name, mutate] = MUTATIONS[(round + made.length) % MUTATIONS.length]!
      write(`mutations/r${round}/${name}-${path.basename(base)}`, mutate(bytes))
    }
    round++
  }
  for (const [rel, data] of specials()) write(rel, data)
  // Links: to a file, to a folder (followed once), back up the tree, broken, to a FIFO, and a FIFO.
  mkdirSync(path.join(folder, 'links'))
  symlinkSync(path.join(folder, 'mutations/r0'), path.join(folder, 'links/linked-folder'))
  symlinkSync(folder, path.join(folder, 'links/loop'))
  symlinkSync(path.join(folder, made[0]!), path.join(folder, 'links/to-file.pdf'))
  symlinkSync(path.join(dir, 'gone.pdf'), path.join(folder, 'links/broken.pdf'))
  execFileSync('mkfifo', [path.join(folder, 'links/pipe.txt')])
  symlinkSync(path.join(folder, 'links/pipe.txt'), path.join(folder, 'links/to-pipe.txt'))
  symlinkSync('/dev/zero', path.join(folder, 'links/zero.pdf'))

  const json = path.join(dir, 'out.json')
  const started = Date.now()
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M %e',
      process.execPath,
      path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'src/cli/index.ts',
      'audit',
      folder,
      '--json',
      json
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30 * 60_000,
      maxBuffer: 64 * MB
    }
  )
  const wallS = (Date.now() - started) / 1000
  const timeLine = r.stderr.trim().split('\n').at(-1) ?? ''
  const [peakKb] = timeLine.split(' ').map(Number)
  let reports: Array<{ file: string; findings: Array<{ rule: string; message: string }> }> = []
  try {
    reports = (JSON.parse(readFileSync(json, 'utf8')) as { reports: typeof reports }).reports
  } catch {
    // No JSON: the run failed (its status says so).
  }
  const inJson = new Set(reports.map(x => x.file))
  const missing = made.filter(f => !inJson.has(f))
  const causes: Record<string, number> = {}
  let m03 = 0
  for (const rep of reports) {
    const m = rep.findings.find(f => f.rule === 'M03')
    if (!m) continue
    m03++
    // After the common lead (文件无法识别为政府信息公开工作年度报告：), the cause; checked in this order.
    const why = m.message.replace(/^文件无法识别为政府信息公开工作年度报告：/, '')
    const cause =
      [
        '文件过大',
        '解析超时',
        '解析程序异常',
        '文件不完整',
        '符号链接',
        '命名管道',
        '设备文件',
        '文件为空',
        '文件已损坏'
      ].find(c => why.includes(c)) ?? '其他'
    causes[cause] = (causes[cause] ?? 0) + 1
  }
  const out = {
    regularFiles: made.length,
    links: 7,
    exitStatus: r.status,
    signal: r.signal,
    wallSeconds: Number(wallS.toFixed(1)),
    peakRssMb: peakKb ? Math.round(peakKb / 1024) : null,
    reportsInJson: reports.length,
    withM03: m03,
    m03ByCause: causes,
    regularFilesWithoutEntry: missing.length,
    missingSample: missing.slice(0, 10),
    stderrTail: r.stderr.trim().split('\n').slice(-4)
  }
  console.log(JSON.stringify(out, null, 2))
  if (keep) console.error(`kept: ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}

main()
