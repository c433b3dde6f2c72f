/**
 * The 公文 layout (GB/T 9704) shared by the Word documents the app writes (the 整改意见 and the
 * 通报): A4; margins 37/35/28/26 mm; 28.95 pt lines; body 仿宋 三号 (16 pt), title 方正小标宋 二号,
 * headings 黑体 (一、) and 楷体 (（一）); pages numbered — 1 — at the foot, centred.
 */
import {
  AlignmentType,
  BorderStyle,
  Footer,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphStyleOptions,
  type ISectionOptions
} from 'docx'
import { xmlText } from './xml-text'

export const MM = 56.7
/** A Chinese face, with Times New Roman for the Latin letters and digits. */
export const face = (eastAsia: string): { eastAsia: string; ascii: string; hAnsi: string } => ({
  eastAsia,
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman'
})
export const BODY = face('仿宋')
export const TITLE = face('方正小标宋简体')
export const HEADING = face('楷体')
export const HEADING1 = face('黑体')
export const LINE = { line: 579, lineRule: LineRuleType.EXACT }
/** 三号 in half-points. */
export const BODY_SIZE = 32

export const PAGE = {
  width: Math.round(210 * MM),
  height: Math.round(297 * MM),
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM)
}
/** Text width in twips (A4 less the side margins). */
export const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right

/** A body paragraph, 三号, indented two characters unless `flush` (the addressee, a list's lead). */
export function bodyParagraph(text: string, font = BODY, flush = false): Paragraph {
  return new Paragraph({
    spacing: LINE,
    ...(flush ? {} : { indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED }),
    children: [new TextRun({ text: xmlText(text), font, size: BODY_SIZE })]
  })
}

/** The title, centred, 方正小标宋 二号, a blank line under it. */
export function titleParagraph(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { ...LINE, line: 700, after: 579 },
    children: [new TextRun({ text: xmlText(text), font: TITLE, size: 44 })]
  })
}

/**
 * 发文机关署名 and 成文日期 at the end: right-aligned, four characters in from the right margin, a
 * blank line above (GB/T 9704-2012 7.3.5.2 for a document without a seal).
 */
export function signature(issuer: string, date: string): Paragraph[] {
  const right = (text: string, before = 0): Paragraph =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { ...LINE, before },
      indent: { right: 4 * 320 },
      children: [new TextRun({ text: xmlText(text), font: BODY, size: BODY_SIZE })]
    })
  return [right(issuer, 579), right(date)]
}

/**
 * One section: starts on a new page and numbers its pages from 1 (— 1 —, centred, 宋体 四号, as a
 * 公文's), so a notice printed or split off on its own reads whole.
 */
export function section(
  children: Array<Paragraph | Table>,
  restartNumbers = true
): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
        ...(restartNumbers ? { pageNumbers: { start: 1 } } : {})
      }
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                children: ['— ', PageNumber.CURRENT, ' —'],
                font: face('宋体'),
                size: 28
              })
            ]
          })
        ]
      })
    },
    children
  }
}

const TABLE_STYLE = 'TableText'
const TABLE_HEAD_STYLE = 'TableHead'

/** The paragraph styles textTable's cells use (a document with a textTable lists them). */
export const TABLE_STYLES: IParagraphStyleOptions[] = [
  {
    id: TABLE_STYLE,
    name: '表格文字',
    run: { font: BODY, size: 21 },
    paragraph: { alignment: AlignmentType.CENTER }
  },
  {
    id: TABLE_HEAD_STYLE,
    name: '表头',
    run: { font: HEADING1, size: 21 },
    paragraph: { alignment: AlignmentType.CENTER }
  }
]

const LINE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' }

/**
 * A table of text, 仿宋 五号 (a 三号 table of twelve columns does not fit A4), header row in 黑体
 * repeated on each page; `widths` are fractions of the text width. Borders and widths are set once
 * on the table, not on each cell: the 通报's annex has 24,000 cells for 2,000 units.
 */
export function textTable(header: string[], rows: string[][], widths: number[]): Table {
  const total = widths.reduce((a, b) => a + b, 0)
  const cols = widths.map(w => Math.floor((w / total) * TEXT_WIDTH))
  const cell = (text: string, i: number, head: boolean): TableCell =>
    new TableCell({
      children: [
        new Paragraph({
          style: head ? TABLE_HEAD_STYLE : TABLE_STYLE,
          ...(i === 1 && !head ? { alignment: AlignmentType.LEFT } : {}),
          text: xmlText(text)
        })
      ]
    })
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: cols,
    borders: {
      top: LINE_BORDER,
      bottom: LINE_BORDER,
      left: LINE_BORDER,
      right: LINE_BORDER,
      insideHorizontal: LINE_BORDER,
      insideVertical: LINE_BORDER
    },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: header.map((h, i) => cell(h, i, true))
      }),
      ...rows.map(
        r => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, false)) })
      )
    ]
  })
}
