/**
 * Word 97–2003 .doc and WPS .wps (OLE2 compound files) → DocumentModel. word-extractor (a
 * maintained reader) opens the container and the piece table, but its text flattens a table to
 * TAB-separated cells and loses row ends wherever a row carries a table definition (its sprm
 * walker reads sprmTDefTable's two-byte length as one byte). So the paragraph properties (PAPX
 * FKPs) are walked here: sprmPFInTable marks table paragraphs, sprmPFTtp the row ends, and
 * sprmTDefTable gives each row's cell edges, from which merged (wider) cells become colspans on
 * the table's common grid, as for HTML.
 */
import WordOleExtractor from 'word-extractor/lib/word-ole-extractor'
import BufferReader from 'word-extractor/lib/buffer-reader'
import type { DocumentModel } from '../../shared/document'
import { DocBuilder } from './doc-builder'
import { expandGrid, type SpanCell } from './html-table'

export type DocResult = { ok: true; doc: DocumentModel } | { ok: false; reason: string }

interface Raw {
  word: Buffer
  table: Buffer
  /** The Data stream: a row's properties too large for its FKP live here (sprmPHugePapx). */
  data?: Buffer
  pieces: WordOleExtractor['_pieces']
  ccpText: number
}

/** word-extractor's extractor, keeping the streams and pieces it has already decoded. */
class KeepingExtractor extends WordOleExtractor {
  raw?: Raw
  override async extractWordDocument(
    document: Parameters<WordOleExtractor['extractWordDocument']>[0],
    buffer: Buffer
  ): ReturnType<WordOleExtractor['extractWordDocument']> {
    const result = await super.extractWordDocument(document, buffer)
    const name = (buffer.readUInt16LE(0xa) & 0x0200) !== 0 ? '1Table' : '0Table'
    const table = await this.streamBuffer(await this.documentStream(document, name))
    const data = await this.documentStream(document, 'Data')
      .then(st => (st ? this.streamBuffer(st) : undefined))
      .catch(() => undefined)
    this.raw = {
      word: buffer,
      table,
      data,
      pieces: this._pieces,
      ccpText: this._boundaries.ccpText
    }
    return result
  }
}

interface ParaProps {
  /** CP range [start, end) of the paragraph (end includes its mark). */
  fcStart: number
  fcEnd: number
  inTable: boolean
  rowEnd: boolean
  /** Cell edges in twips from sprmTDefTable, on the row-end paragraph. */
  edges?: number[]
}

/** Size of a sprm's operand, from its spra bits; the variable ones read their own length. */
function operandSize(buf: Buffer, sprm: number, at: number): number | undefined {
  switch (sprm >> 13) {
    case 0:
    case 1:
      return 1
    case 2:
    case 4:
    case 5:
      return 2
    case 3:
      return 4
    case 7:
      return 3
    case 6:
      if (sprm === 0xd608 || sprm === 0xd606)
        return at + 1 < buf.length ? 2 + buf.readUInt16LE(at) - 1 : undefined
      if (sprm === 0xc615 && buf[at] === 255) return undefined
      return at < buf.length ? 1 + buf[at]! : undefined
    default:
      return undefined
  }
}

function readSprms(grpprl: Buffer, start: number, p: ParaProps, data: Buffer | undefined): void {
  let at = start
  while (at + 2 <= grpprl.length) {
    const sprm = grpprl.readUInt16LE(at)
    at += 2
    if (sprm === 0x2416) p.inTable = grpprl[at] === 1
    else if (sprm === 0x2417) p.rowEnd = grpprl[at] === 1
    else if (sprm === 0xd608 && at + 3 <= grpprl.length) {
      const itcMac = grpprl[at + 2]!
      const edges: number[] = []
      for (let k = 0; k <= itcMac && at + 3 + k * 2 + 2 <= grpprl.length; k++)
        edges.push(grpprl.readInt16LE(at + 3 + k * 2))
      p.edges = edges
    } else if (sprm === 0x6646 && data && at + 4 <= grpprl.length) {
      // sprmPHugePapx: the rest of this paragraph's properties, in the Data stream.
      const off = grpprl.readUInt32LE(at)
      if (off + 2 <= data.length)
        readSprms(data.subarray(off + 2, off + 2 + data.readUInt16LE(off)), 0, p, undefined)
    }
    const size = operandSize(grpprl, sprm, at)
    if (size === undefined) return
    at += size
  }
}

function paragraphProps(raw: Raw): ParaProps[] {
  const { word, table } = raw
  const fc = word.readUInt32LE(0x0102)
  const lcb = word.readUInt32LE(0x0106)
  const plc = table.subarray(fc, fc + lcb)
  const n = (lcb - 4) / 8
  const out: ParaProps[] = []
  for (let i = 0; i < n; i++) {
    const pn = plc.readUInt32LE((n + 1) * 4 + i * 4) & 0x3fffff
    const fkp = word.subarray(pn * 512, pn * 512 + 512)
    if (fkp.length < 512) continue
    const crun = fkp[511]!
    for (let j = 0; j < crun; j++) {
      const p: ParaProps = {
        fcStart: fkp.readUInt32LE(j * 4),
        fcEnd: fkp.readUInt32LE((j + 1) * 4),
        inTable: false,
        rowEnd: false
      }
      const bx = fkp[(crun + 1) * 4 + j * 13]! * 2
      if (bx !== 0) {
        const cb = fkp[bx]!
        const papx =
          cb !== 0
            ? fkp.subarray(bx + 1, bx + 2 * cb)
            : fkp.subarray(bx + 2, bx + 2 + 2 * fkp[bx + 1]!)
        readSprms(papx, 2, p, raw.data)
      }
      out.push(p)
    }
  }
  return out
}

/** The body text indexed by CP, with each CP's file position. */
function bodyChars(raw: Raw): { ch: string; fc: number }[] {
  const out: { ch: string; fc: number }[] = []
  for (const p of raw.pieces) {
    for (let k = 0; k < p.text.length && p.startCp + k < raw.ccpText; k++) {
      out.push({ ch: p.text[k]!, fc: p.startFilePos + k * p.bpc })
    }
  }
  return out
}

/** Strip field codes (keep their results) and control characters from a run of text. */
function visible(s: string): string {
  let prev = ''
  while (prev !== s) {
    prev = s
    // The result part is its own optional group: as `\x14?([^…]*)` the code and the result could
    // split the same characters, which made a field left open quadratic (test/regex-safety.test.ts).
    s = s.replace(
      // eslint-disable-next-line no-control-regex -- Word's field marks are control characters 0x13–0x15
      /\x13[^\x13\x14\x15]*(?:\x14([^\x13\x14\x15]*))?\x15/g,
      (_m, result: string | undefined) => result ?? ''
    )
  }
  // eslint-disable-next-line no-control-regex -- the control characters left in Word's text stream
  return s.replace(/[\x00-\x08\x0b-\x1f]/g, '')
}

function build(raw: Raw): DocBuilder {
  const props = paragraphProps(raw).sort((a, b) => a.fcStart - b.fcStart)
  const propAt = (fc: number): ParaProps | undefined => {
    let lo = 0
    let hi = props.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const p = props[mid]!
      if (fc < p.fcStart) hi = mid - 1
      else if (fc >= p.fcEnd) lo = mid + 1
      else return p
    }
    return undefined
  }
  const b = new DocBuilder()
  let text = ''
  let cells: string[] = []
  let rows: { cells: string[]; edges?: number[] }[] = []
  const flushTable = (): void => {
    if (rows.length) b.table(gridOf(rows))
    rows = []
  }
  for (const { ch, fc } of bodyChars(raw)) {
    const p = propAt(fc)
    if (ch === '\x07' || (p?.rowEnd && (ch === '\n' || ch === '\r'))) {
      if (p?.rowEnd) {
        rows.push({ cells, edges: p.edges })
        cells = []
      } else cells.push(visible(text))
      text = ''
    } else if (ch === '\r' || ch === '\n' || ch === '\x0c') {
      if (p?.inTable) {
        text += ch === '\r' ? '\u0000' : '' // a paragraph inside a cell: joined without a space
      } else {
        flushTable()
        b.paragraph(visible(text))
        text = ''
      }
    } else if (ch === '\x0b') text += p?.inTable ? '' : ' '
    else text += ch
  }
  flushTable()
  b.paragraph(visible(text))
  return b
}

/** Rows with their own cell edges → one grid: a cell spanning several common columns is a colspan. */
function gridOf(rows: { cells: string[]; edges?: number[] }[]): string[][] {
  const all = [...new Set(rows.flatMap(r => r.edges ?? []))].sort((a, b) => a - b)
  const cols = all.filter((x, i) => i === 0 || x - all[i - 1]! > 20)
  const col = (x: number): number =>
    cols.reduce((best, c, i) => (Math.abs(c - x) < Math.abs(cols[best]! - x) ? i : best), 0)
  const spanRows: SpanCell[][] = rows.map(r => {
    const e = r.edges
    return r.cells.map((text, k) => {
      const span =
        e && e[k] !== undefined && e[k + 1] !== undefined
          ? Math.max(1, col(e[k + 1]!) - col(e[k]!))
          : 1
      return { text, rowspan: 1, colspan: span }
    })
  })
  return expandGrid(spanRows)
}

export async function extractDoc(bytes: Buffer): Promise<DocResult> {
  if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
    return { ok: false, reason: '文件已加密：Word 文档需要密码才能打开' }
  }
  const ex = new KeepingExtractor()
  const reader = new BufferReader(bytes)
  try {
    await reader.open()
    await ex.extract(reader)
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const why = /compound document/i.test(msg)
      ? '不是有效的 OLE2 复合文档'
      : /magic number/i.test(msg)
        ? '其中没有 Word 正文'
        : msg
    return { ok: false, reason: `文件已损坏或不是 Word 97-2003 文档（${why}）` }
  } finally {
    await reader.close()
  }
  if (!ex.raw) return { ok: false, reason: '文件已损坏：Word 文档中没有正文' }
  const b = build(ex.raw)
  if (b.lines.length === 0) return { ok: false, reason: 'Word 文档中没有文字内容' }
  return { ok: true, doc: b.build({}) }
}
