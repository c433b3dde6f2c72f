/**
 * npx tsx bench/stages.ts [--reports N] [--seed S] [--dir D]
 *
 * Where a parse worker's time goes, per file: the stages of examineHere (pipeline-pool.ts) timed one
 * by one in this thread over a generated corpus, after a warm-up pass so module loading and JIT are
 * not counted. Prints milliseconds per file for each stage and the process CPU per file. The ingest
 * figure of `npm run bench` is bounded by the sum (times files, over the cores), plus the writes.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { generateCorpus } from './generate'
import { sha256 } from '../src/core/ingest/hash'
import { sniffDecoded } from '../src/core/ingest/sniff'
import { extractDocument } from '../src/core/extract/index'
import { parseReport } from '../src/core/parse/index'
import { prepareFile } from '../src/core/pipeline/file'
import { toReady } from '../src/core/pipeline/batch'
import { DEFAULT_RULE_SETTINGS } from '../src/core/rules/context'
import { silentLogger } from '../src/core/logger'
import { sectionText } from '../src/shared/report-text'
import { arg } from './args'

async function main(): Promise<void> {
  const n = Number(arg('reports', '2000'))
  const given = process.argv.includes('--dir')
  const dir = given ? arg('dir', '') : mkdtempSync(join(os.tmpdir(), 'nianbao-stages-'))
  try {
    const m = generateCorpus({ reports: n, out: dir, seed: Number(arg('seed', '1')) })
    const files = m.entries.map(e => join(dir, e.file))
    const t: Record<string, number> = {}
    const lap = (stage: string, since: number): number => {
      const now = performance.now()
      t[stage] = (t[stage] ?? 0) + now - since
      return now
    }
    const pass = async (timed: boolean): Promise<void> => {
      for (const f of files) {
        let at = performance.now()
        const bytes = readFileSync(f)
        at = lap('read', at)
        const hash = sha256(bytes)
        at = lap('hash', at)
        const sniffed = sniffDecoded(bytes, f)
        at = lap('sniff+decode', at)
        const ex = await extractDocument(bytes, sniffed.format, sniffed.decoded)
        at = lap('extract', at)
        if (ex.ok) {
          const parsed = parseReport(ex.doc)
          at = lap('parse', at)
          sectionText(ex.doc, parsed, 5)
          at = lap('section text', at)
        }
        // The whole of a worker's job once more, to split rules + serialisation from the rest.
        const prepared = await prepareFile({ path: f, size: bytes.length, mtimeMs: 0 }, bytes, hash)
        at = performance.now()
        toReady(prepared, DEFAULT_RULE_SETTINGS, silentLogger)
        lap('rules+serialise', at)
      }
      if (!timed) for (const k of Object.keys(t)) delete t[k]
    }
    await pass(false)
    const cpu0 = process.cpuUsage()
    await pass(true)
    const cpu = process.cpuUsage(cpu0)
    const per = (ms: number): number => Math.round((ms / files.length) * 1000) / 1000
    const stages = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, per(v)]))
    const worker = Object.entries(t).reduce((s, [, v]) => s + v, 0)
    console.log(
      JSON.stringify(
        { files: files.length, msPerFile: stages, workerJobMsPerFile: per(worker) },
        null,
        2
      )
    )
    console.error(
      `process CPU for the pass (includes the repeated prepareFile): ${per((cpu.user + cpu.system) / 1000)} ms/file`
    )
  } finally {
    if (!given) rmSync(dir, { recursive: true, force: true })
  }
}

void main()
