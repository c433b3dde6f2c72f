/**
 * One file → what the store keeps of it: read, hash, sniff, extract, parse (all outside any
 * transaction), then the single-report rules once the agency's level is known. Never throws: any
 * failure becomes an M03 finding that says why.
 */
import { promises as fs, readFileSync } from 'node:fs'
import type { DocumentModel, FileFormat } from '../../shared/document'
import type { ParsedReport } from '../../shared/model'
import type { Finding } from '../../shared/rules'
import { extractDocument, TRUNCATED } from '../extract/index'
import { otherKind } from '../extract/other-kinds'
import { decodeText, type DecodeResult } from '../ingest/decode'
import { accessText, errorCode } from '../ingest/fs-errors'
import { sha256 } from '../ingest/hash'
import { isPicturesContainer } from '../ingest/photo-folder'
import { sniffDecoded } from '../ingest/sniff'
import { parseReport } from '../parse/index'
import { nameMatchedNote, spelledElsewhere } from '../rules/ocr-names'
import type { AgencyLevel, RuleSettings } from '../../shared/model'
import {
  evaluateReport,
  unreadableFinding,
  unreadPagesFinding,
  withOcrCheck,
  type OcrCorrection
} from '../rules/index'
import type { Logger } from '../logger'
import { sectionText, showsReport } from '../../shared/report-text'

/** A file read and parsed, ready for the rules and the store. */
export interface PreparedFile {
  path: string
  sha256: string
  size: number
  mtimeMs: number
  format: FileFormat
  encoding: string | null
  parsed: ParsedReport
  doc: DocumentModel | null
  /** The file's bytes, kept for formats whose document is stored as its source (store/reports.ts). */
  bytes: Buffer | null
  problemsText: string
  /** Why the file is not a readable report (M03), when it is not. */
  unreadable: string | null
}

export function emptyReport(): ParsedReport {
  return {
    agency: null,
    year: null,
    template: null,
    tables: { proactive: null, applications: null, reviewLitigation: null },
    title: null,
    period: null,
    headings: [],
    sections: [],
    tableLines: {},
    cellLines: {},
    labelIssues: [],
    rawCells: [],
    mixedTemplate: false,
    publicationDate: null,
    notes: []
  }
}

/**
 * Files above this are not read. A report is a few MB, a scanned one tens; a video or a disk image
 * left in the folder was read whole into memory (3 GB: Node refuses, 700 MB: a 2.4 GB peak and
 * pdfjs's "Invalid string length").
 */
export const MAX_READ_BYTES = 256 * 1024 * 1024
/**
 * A text file's limit: a text report is tens of KB. A 200 MB .txt took 10 s and a 2.2 GB peak, on
 * the app's main thread when it came alone.
 */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024
const TEXT_FILE = /\.(txt|text|csv|md)$/i

/** Why the file at `path` (`size` bytes) is not read, or null. */
export function tooLargeReason(size: number, path = ''): string | null {
  const limit = TEXT_FILE.test(path) ? MAX_TEXT_BYTES : MAX_READ_BYTES
  if (size <= limit) return null
  const shown =
    size >= 1024 ** 3 ? `${(size / 1024 ** 3).toFixed(1)} GB` : `${Math.round(size / 1024 ** 2)} MB`
  return `文件过大（${shown}，超过 ${limit / 1024 ** 2} MB），未读取；年度报告通常只有几 MB，若确是报告，请另存为较小的 PDF 或 Word 文件`
}

/** Reads the bytes; null with a reason when the file cannot be read at all. */
export async function readBytes(
  absPath: string | Buffer
): Promise<{ bytes: Buffer } | { reason: string }> {
  try {
    return { bytes: await fs.readFile(absPath) }
  } catch (err) {
    return { reason: `无法读取文件（${accessText(err)}）` }
  }
}

/**
 * Same, blocking: for parse worker threads, where nothing else waits on the thread and the async
 * read's extra round trips cost more than the read itself (bench/, issue #8).
 */
export function readBytesSync(absPath: string | Buffer): { bytes: Buffer } | { reason: string } {
  try {
    return { bytes: readFileSync(absPath) }
  } catch (err) {
    return { reason: `无法读取文件（${accessText(err)}）` }
  }
}

/** Sniff → extract → parse. `bytes` already hashed by the caller. */
export async function prepareFile(
  file: { path: string; size: number; mtimeMs: number },
  bytes: Buffer,
  hash: string = sha256(bytes),
  opts: { ocr?: boolean } = {}
): Promise<PreparedFile> {
  const base = { path: file.path, sha256: hash, size: file.size, mtimeMs: file.mtimeMs }
  let format: FileFormat = 'unknown'
  try {
    const sniffed = sniffDecoded(bytes, file.path)
    format = sniffed.format
    const extracted = await extractDocument(bytes, format, sniffed.decoded, { ocr: opts.ocr })
    if (!extracted.ok) {
      const reason =
        format === 'unknown' && !isPicturesContainer(bytes)
          ? unknownReason(bytes, extracted.reason, sniffed.decoded)
          : extracted.reason
      return {
        ...base,
        format,
        encoding: null,
        parsed: emptyReport(),
        doc: null,
        bytes: null,
        problemsText: '',
        unreadable: reason
      }
    }
    const doc = extracted.doc
    const { parsed, unreadable } = parseDocument(doc)
    return {
      ...base,
      format,
      encoding: extracted.encoding ?? null,
      parsed,
      doc,
      bytes,
      problemsText: sectionText(doc, parsed, 5),
      unreadable
    }
  } catch (err) {
    // The extractor and parser promise not to throw; this is the net under that promise.
    return {
      ...base,
      format,
      encoding: null,
      parsed: emptyReport(),
      doc: null,
      bytes: null,
      problemsText: '',
      unreadable: `解析时出错（${errorCode(err)}）`
    }
  }
}

/** A sharper reason than "unknown format" where the bytes tell more (empty, binary, bad encoding). */
function unknownReason(bytes: Buffer, fallback: string, known?: DecodeResult): string {
  if (bytes.length === 0) return '文件为空'
  if (fallback === TRUNCATED) return fallback
  const other = otherKind(bytes)
  if (other) return other
  const decoded = known ?? decodeText(bytes)
  return decoded.ok ? fallback : `${decoded.reason}；${fallback}`
}

/** An unreadable-file entry for a file whose bytes could not be read. */
export function unreadableFile(
  file: { path: string; size: number; mtimeMs: number },
  reason: string
): PreparedFile {
  return {
    path: file.path,
    sha256: '',
    size: file.size,
    mtimeMs: file.mtimeMs,
    format: 'unknown',
    encoding: null,
    parsed: emptyReport(),
    doc: null,
    bytes: null,
    problemsText: '',
    unreadable: reason
  }
}

/**
 * Document → report, the same at ingest and whenever a stored document is parsed again: the
 * template parser, the OCR checks (with the supervisor's corrections, if any) and why the document
 * is not a checkable report (null when it is).
 */
function parseDocument(
  doc: DocumentModel,
  corrections?: Record<string, OcrCorrection>
): { parsed: ParsedReport; unreadable: string | null } {
  const parsed = withOcrCheck(parseReport(doc), corrections)
  // An OCR'd name the report's own text spells otherwise more often (rules/ocr-names.ts).
  const read = doc.meta.ocr ? parsed.agency : null
  const elsewhere = read ? spelledElsewhere(read, doc.lines) : null
  if (read && elsewhere) {
    parsed.agency = elsewhere
    parsed.notes = [...parsed.notes, nameMatchedNote(read, elsewhere, '本报告其他位置')]
  }
  const unreadable = missingParts(parsed, doc)
  // A letter about 中卫市民政局's 2023 report is not that report: with the agency and year of its
  // title it made the real one a duplicate (M02), and could be taken for the current one.
  if (unreadable === NOT_A_REPORT)
    return { parsed: { ...parsed, agency: null, year: null }, unreadable }
  return { parsed, unreadable }
}

/** What a document about reports shows instead of one (showsReport). */
const NOT_A_REPORT =
  '文件中没有年度报告的章节和统计数字，可能是关于年度报告的通知、审查意见或整改材料，而不是年度报告本身'

/** Why a parsed document is not a checkable annual report, or null when it is. */
function missingParts(p: ParsedReport, doc: DocumentModel): string | null {
  if (p.agency && p.year !== null && !p.template) {
    // The 整改意见 this app writes names an agency and a year in every title.
    if (p.year >= 2019 && !showsReport(p, doc)) return NOT_A_REPORT
    // 017_pingtan_2018_pre2019format: a free-form report from before the national template.
    return '未采用国家规定的年度报告格式（国办公开办函〔2019〕60号或〔2021〕30号），无法按模板检查'
  }
  const compiled = p.notes.find(n => n.code === 'compilation')
  if (compiled) return compiled.message
  const missing: string[] = []
  if (!p.agency) missing.push('单位名称')
  if (p.year === null) missing.push('报告年度')
  if (!p.template) missing.push('国家年度报告模板的统计表')
  if (missing.length > 0) return `未能识别${missing.join('、')}`
  if (!showsReport(p, doc)) return NOT_A_REPORT
  return null
}

/** Single-report findings: the rules, plus M03 when the file is not a readable report. */
export function reportFindings(
  f: Pick<PreparedFile, 'path' | 'format' | 'mtimeMs' | 'parsed' | 'doc' | 'unreadable'>,
  level: AgencyLevel,
  settings: RuleSettings,
  logger: Logger
): Finding[] {
  const out: Finding[] = []
  if (f.doc) {
    try {
      out.push(
        ...evaluateReport({
          report: f.parsed,
          doc: f.doc,
          file: { path: f.path, format: f.format, mtimeMs: f.mtimeMs },
          level,
          settings
        })
      )
    } catch (err) {
      logger.error(`规则检查出错：${f.path}：${errorCode(err)}`)
    }
  }
  if (f.unreadable !== null && !out.some(x => x.rule === 'M03'))
    out.unshift(unreadableFinding(f.unreadable))
  // A photo folder's pictures that could not be decoded: never silently a shorter report.
  const lost = f.doc?.meta.ocr?.unreadPages
  if (lost?.length) out.push(unreadPagesFinding(lost))
  return out
}

/**
 * A stored document parsed again, as at ingest, and its findings: when its level or the rule
 * settings changed since ingest, or the supervisor checked OCR'd cells. The rules read cell lines,
 * which the store does not keep (store/report-codec.ts).
 */
export function reparse(
  file: Pick<PreparedFile, 'path' | 'format' | 'mtimeMs'>,
  doc: DocumentModel,
  level: AgencyLevel,
  settings: RuleSettings,
  logger: Logger,
  /** The supervisor's checks of an OCR'd report's cells (store/ocr.ts), applied as at ingest. */
  corrections?: Record<string, OcrCorrection>
): { parsed: ParsedReport; findings: Finding[] } {
  const { parsed, unreadable } = parseDocument(doc, corrections)
  const findings = reportFindings({ ...file, parsed, doc, unreadable }, level, settings, logger)
  return { parsed, findings }
}
