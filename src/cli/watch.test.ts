import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditFolder } from '../core/pipeline/index'
import { openStore } from '../core/store/index'
import type { CliIo } from './io'
import { main } from './index'
import { watchCommand } from './watch'

const SAMPLES = path.resolve(__dirname, '../../../shared/corpus/samples')
const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await fs.rm(d, { recursive: true, force: true })
})

function captureIo(): CliIo & {
  lines: () => Array<Record<string, unknown>>
  errText: () => string
} {
  let out = ''
  let err = ''
  return {
    out: t => void (out += t),
    err: l => void (err += `${l}\n`),
    progress: () => undefined,
    stderrIsTty: false,
    lines: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l) as Record<string, unknown>),
    errText: () => err
  }
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise(r => setTimeout(r, 50))
  }
}

describe('cli watch', () => {
  it('prints one JSON line per ingested and removed file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-cliwatch-'))
    dirs.push(dir)
    const folder = path.join(dir, 'reports')
    await fs.mkdir(folder)
    const sample = (await fs.readdir(SAMPLES)).sort()[1]!
    // The batch audit of the same file is the oracle for the findings count.
    const oracleDir = path.join(dir, 'oracle')
    await fs.mkdir(oracleDir)
    await fs.copyFile(path.join(SAMPLES, sample), path.join(oracleDir, sample))
    const store = await openStore(path.join(dir, 'oracle.sqlite'))
    await auditFolder(oracleDir, store)
    const expected = (await store.reportsJson(oracleDir))[0]!
    await store.close()

    const io = captureIo()
    let stop!: () => void
    const stopped = new Promise<void>(r => (stop = r))
    const run = watchCommand([folder, '--db', path.join(dir, 'w.sqlite')], io, stopped)
    await until(() => io.lines().some(l => l.event === 'idle'), 10_000)

    await fs.copyFile(path.join(SAMPLES, sample), path.join(folder, 'a.txt'))
    await until(() => io.lines().some(l => l.event === 'ingested'), 10_000)
    await fs.unlink(path.join(folder, 'a.txt'))
    await until(() => io.lines().some(l => l.event === 'removed'), 10_000)
    stop()
    expect(await run).toBe(0)

    const lines = io.lines().filter(l => l.event !== 'idle')
    expect(lines).toEqual([
      {
        event: 'ingested',
        file: 'a.txt',
        findings: expected.findings.length,
        errors: expected.findings.filter(f => f.severity === 'error').length,
        warnings: expected.findings.filter(f => f.severity === 'warning').length,
        agency: expected.agency,
        year: expected.year
      },
      { event: 'removed', file: 'a.txt' }
    ])
  })

  it('refuses a missing folder with a usage error', async () => {
    const io = captureIo()
    expect(await main(['watch', path.join(os.tmpdir(), 'nianbao-no-such-folder')], io)).toBe(2)
    expect(io.errText()).toContain('文件夹不存在')
  })
})
