/**
 * Golden tests (issue #2): every corpus file with a hand-typed answer key in test/fixtures/golden
 * must parse to exactly the agency, year, template and table cells a person read off the file.
 * The goldens were typed by reading the files, never produced by this parser (see the README
 * there), so a failure here is a parser bug or a golden typo — never "update the snapshot".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DocumentModel } from '../src/shared/document'
import { tablesToJson, type ParsedReport, type TablesJson } from '../src/shared/model'
import type { TemplateVersion } from '../src/shared/template'
import { extractHtml } from '../src/core/extract/html'
import { extractText } from '../src/core/extract/text'
import { parseReport } from '../src/core/parse/index'

const GOLDEN_DIR = join(__dirname, 'fixtures/golden')
const CORPUS = join(__dirname, '../../shared/corpus')

interface Golden {
  source: string
  agency: string | null
  year: number | null
  template: TemplateVersion | null
  /** As cli.md prints them: the proactive table's form is told by its keys. */
  tables: TablesJson
  /** The one reading of a run-together table that its own sums allow (the table itself is null). */
  humanReading?: Partial<TablesJson>
  /** Tables present in the file whose cells run together: the parser must say so in a note. */
  unreadable?: (typeof TABLE_KEYS)[number][]
  /**
   * Cells ('proactive.regulations.repealed') whose value the file does not settle (messy PDF
   * conversions): the golden holds the likeliest reading, but they are not compared.
   */
  uncertain?: string[]
  /**
   * Tables of messy PDF-to-markdown conversions (corpus/real 042, 043) whose unlabelled value rows
   * the parser leaves unread rather than assigning by position: every cell must be the golden
   * value or null (never another number), and at least `min` of the cells must be read.
   */
  partial?: { table: (typeof TABLE_KEYS)[number]; min: number; why: string }[]
  notes: string
}

const TABLE_KEYS = ['proactive', 'applications', 'reviewLitigation'] as const

/**
 * Flattens a table to 'applications.granted.total' → cell, so a failing toEqual names the cell.
 * A whole table that is null stays one entry ('proactive' → null).
 */
function flatten(
  value: unknown,
  path: string,
  out: Record<string, unknown> = {}
): Record<string, unknown> {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, `${path}.${k}`, out)
  } else {
    out[path] = value
  }
  return out
}

const goldenFiles = readdirSync(GOLDEN_DIR)
  .filter(f => f.endsWith('.json'))
  .sort()

function parseCached(load: () => DocumentModel): () => ParsedReport {
  let report: ParsedReport | undefined
  return () => (report ??= parseReport(load()))
}

describe('golden answer keys', () => {
  it('exist for the five samples and the celled real files', () => {
    expect(goldenFiles.filter(f => f.startsWith('samples__'))).toHaveLength(5)
    expect(goldenFiles.length).toBeGreaterThanOrEqual(14)
  })
})

for (const file of goldenFiles) {
  const golden = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as Golden
  const sourcePath = join(CORPUS, golden.source)
  const variants: { label: string; parse: () => ParsedReport }[] = [
    {
      label: golden.source,
      parse: parseCached(() => extractText(readFileSync(sourcePath).toString('utf8')))
    }
  ]
  // real/*.txt converted from a web page: the page itself must read the same.
  const htmlPath = sourcePath.replace(/\.txt$/, '.html')
  if (htmlPath !== sourcePath && existsSync(htmlPath)) {
    variants.push({
      label: golden.source.replace(/\.txt$/, '.html'),
      parse: parseCached(() => extractHtml(readFileSync(htmlPath)).doc)
    })
  }

  for (const { label, parse } of variants) {
    describe(label, () => {
      it('agency', () => expect(parse().agency).toBe(golden.agency))
      it('year', () => expect(parse().year).toBe(golden.year))
      it('template', () => expect(parse().template).toBe(golden.template))

      for (const table of TABLE_KEYS) {
        const expected = golden.tables[table]
        it(`${table}: ${expected === null ? 'null (absent or unreadable)' : 'every cell'}`, () => {
          const actual = tablesToJson(parse().tables)[table]
          if (expected === null) {
            expect(actual, `${table} should be null`).toBeNull()
            return
          }
          expect(actual, `${table} should be found`).not.toBeNull()
          // Flat maps: a mismatch is reported as e.g. "applications.denied.stateSecret.natural".
          const want = flatten(expected, table)
          const got = flatten(actual, table)
          for (const path of golden.uncertain ?? []) {
            if (!path.startsWith(`${table}.`)) continue
            expect(Object.keys(want), 'uncertain path names a golden cell').toContain(path)
            delete want[path]
            delete got[path]
          }
          const partial = golden.partial?.find(p => p.table === table)
          if (partial) {
            const wrong = Object.keys(want).filter(k => got[k] !== null && got[k] !== want[k])
            expect(wrong, 'cells read as a different number than the file says').toEqual([])
            const read = Object.keys(want).filter(k => got[k] === want[k]).length
            expect(read / Object.keys(want).length).toBeGreaterThanOrEqual(partial.min)
            return
          }
          expect(got).toEqual(want)
        })
      }

      const goldenProactive = golden.tables.proactive
      if (goldenProactive !== null) {
        // The 2019 trial form alone has 其他对外管理服务事项.
        const form = 'otherServices' in goldenProactive ? '2019' : '2021'
        it(`proactive: read in its ${form} form`, () =>
          expect(parse().tables.proactive?.form).toBe(form))
      }

      for (const table of golden.unreadable ?? []) {
        it(`${table}: reported unreadable, not guessed`, () => {
          expect(parse().tables[table]).toBeNull()
          expect(parse().notes.filter(n => n.table === table)).not.toHaveLength(0)
        })
      }
    })
  }
}
