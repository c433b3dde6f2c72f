/**
 * The proactive table's `form` lives only in memory: tables_json and year_json keep the tables as
 * cli.md prints them, and reading a row tells the form from the cell keys again.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tablesToJson } from '../../shared/model'
import { extractText } from '../extract/text'
import { parseReport } from '../parse/index'
import { yearInput } from '../rules/years'
import { decodeReport, decodeYear, encodeReport, encodeYear } from './report-codec'

const CORPUS = path.join(__dirname, '../../../../shared/corpus')

function parsed(file: string): ReturnType<typeof parseReport> {
  return parseReport(extractText(readFileSync(path.join(CORPUS, file), 'utf8')))
}

describe('report codec and the proactive form', () => {
  for (const [file, form] of [
    ['samples/000_051f95df41851f1c.txt', '2021'],
    ['real/001_shanghai_szfbgt_2019.txt', '2019']
  ] as const) {
    it(`${file}: stored without its form, read back as ${form}`, () => {
      const p = parsed(file)
      expect(p.tables.proactive?.form).toBe(form)
      const { reportJson, tablesJson } = encodeReport(p)
      expect(JSON.parse(tablesJson)).toEqual(tablesToJson(p.tables))
      expect(tablesJson).not.toContain('"form"')
      expect(decodeReport(reportJson, tablesJson).tables).toEqual(p.tables)

      const y = yearInput(p, '')
      const yearJson = encodeYear(y)
      expect(yearJson).not.toContain('"form"')
      expect(decodeYear(yearJson, null)).toEqual(y)
      // year_json written before it carried the tables reads them from tables_json.
      const early = JSON.stringify({ ...y, report: { ...y.report, tables: undefined } })
      expect(decodeYear(early, tablesJson).report.tables.proactive?.form).toBe(form)
    })
  }
})
