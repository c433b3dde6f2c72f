/**
 * Test support (imported by *.test.ts only): OCR'd documents made without running OCR. A real
 * text-layer report's document gets a synthetic read with a box for every table cell, as the OCR
 * engine (issue #24) attaches them; a test then blanks or alters single reads the way the measured
 * OCR slips did (a small cell not detected, a 3 read as 8).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DocumentModel, OcrRead, TableBlock } from '../../shared/document'
import type { ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { inferAgencyLevel } from '../../shared/agency'
import { extractDocument } from '../extract/index'
import { parseReport } from '../parse/index'
import { DEFAULT_RULE_SETTINGS } from './context'
import { evaluateReport } from './index'
import { withOcrCheck, type OcrCorrection } from './ocr-verify'
import { CORPUS } from './test-support'

/** corpus/real 046 (淮安市人民政府 2024, a text-layer PDF): every table full, every sum holds. */
export const HUAIAN = join(CORPUS, 'real/046_huaian_szf_2024.pdf')

export async function readDoc(file = HUAIAN): Promise<DocumentModel> {
  const res = await extractDocument(readFileSync(file), 'pdf')
  if (!res.ok) throw new Error(res.reason)
  return res.doc
}

/** A deep copy of `doc` as the OCR engine gives it: every table cell read, each with its box. */
export function asOcr(doc: DocumentModel, confidence = 0.97): DocumentModel {
  const tables = doc.blocks.filter((b): b is TableBlock => b.kind === 'table')
  const blocks = doc.blocks.map(b => {
    if (b.kind !== 'table') return b
    const t = tables.indexOf(b)
    return {
      ...b,
      rows: b.rows.map((r, ri) => ({
        cells: [...r.cells],
        line: r.line,
        ocr: r.cells.map((text, ci): OcrRead => ({
          text,
          confidence: text === '' ? 0 : confidence,
          box: {
            page: 2 + t,
            x: ci / r.cells.length,
            y: 0.05 + (0.9 * ri) / b.rows.length,
            w: 1 / r.cells.length,
            h: 0.9 / b.rows.length
          }
        }))
      }))
    }
  })
  return {
    lines: [...doc.lines],
    blocks,
    meta: {
      ...doc.meta,
      ocr: {
        pages: 2 + tables.length,
        engine: 'test',
        pageSizes: Array.from({ length: 2 + tables.length }, () => ({ width: 1654, height: 2339 }))
      }
    }
  }
}

/** Changes what OCR read for the cell `key` (as parseReport maps it): its text and confidence. */
export function setRead(
  doc: DocumentModel,
  key: string,
  text: string,
  confidence = text === '' ? 0 : 0.97
): DocumentModel {
  const read = parseReport(doc).ocrCells?.[key]
  if (!read) throw new Error(`no OCR read for ${key}`)
  for (const b of doc.blocks) {
    if (b.kind !== 'table') continue
    for (const r of b.rows) {
      const i = r.ocr?.indexOf(read) ?? -1
      if (i < 0) continue
      r.cells[i] = text
      r.ocr![i] = { ...read, text, confidence }
      return doc
    }
  }
  throw new Error(`read of ${key} not in the document`)
}

export interface OcrEvaluated {
  report: ParsedReport
  findings: Finding[]
}

/** What the pipeline does with a document: parse, verify the OCR'd cells, run the rules. */
export function evaluateOcr(
  doc: DocumentModel,
  corrections?: Record<string, OcrCorrection>
): OcrEvaluated {
  const report = withOcrCheck(parseReport(doc), corrections)
  const findings = evaluateReport({
    report,
    doc,
    file: { path: 'scan.pdf', format: 'pdf', mtimeMs: 0 },
    level: inferAgencyLevel(report.agency ?? ''),
    settings: DEFAULT_RULE_SETTINGS
  })
  return { report, findings }
}
