/**
 * A supervisor's roster file (应报送单位名单) → units: .xlsx (the first sheet) or .csv (GB18030 as
 * WPS and Excel save it on a Chinese Windows, or UTF-8 with or without a BOM). The header and the
 * rows are checked by shared/roster.ts; this module only turns the bytes into rows of cell text.
 */
import ExcelJS from 'exceljs'
import { RosterError, rosterFromRows, type RosterUnitInput } from '../../shared/roster'
import { decodeText } from './decode'

export type RosterRows = Array<{ row: number; cells: string[] }>

export async function readRosterFile(fileName: string, bytes: Buffer): Promise<RosterUnitInput[]> {
  return rosterFromRows(await rosterRows(fileName, bytes))
}

export async function rosterRows(fileName: string, bytes: Buffer): Promise<RosterRows> {
  const ext = /\.([^.\\/]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''
  if (bytes.length === 0) throw new RosterError(`名单文件为空：${fileName}`)
  switch (ext) {
    case 'xlsx':
      return xlsxRows(fileName, bytes)
    case 'csv':
    case 'txt':
      return csvRows(fileName, bytes)
    case 'xls':
    case 'et':
      throw new RosterError(
        `不支持旧版 Excel 文件（.${ext}）：请在 Excel 或 WPS 中另存为 .xlsx 或 .csv 后再导入。`
      )
    default:
      throw new RosterError(`名单须为 .xlsx 或 .csv 文件：${fileName}`)
  }
}

async function xlsxRows(fileName: string, bytes: Buffer): Promise<RosterRows> {
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (err) {
    throw new RosterError(
      `无法读取 Excel 文件 ${fileName}（文件已损坏或不是 .xlsx）：${err instanceof Error ? err.message : String(err)}`
    )
  }
  const ws = wb.worksheets[0]
  if (!ws) throw new RosterError(`Excel 文件 ${fileName} 中没有工作表。`)
  const rows: RosterRows = []
  const width = ws.columnCount
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)))
    rows.push({ row: n, cells })
  })
  return rows
}

/** What the cell shows: a formula's result, rich text joined, a number as written. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && 'result' in v)
    return v.result === undefined || v.result === null ? '' : String(v.result)
  try {
    return cell.text ?? ''
  } catch {
    return String(v)
  }
}

function csvRows(fileName: string, bytes: Buffer): RosterRows {
  const decoded = decodeText(bytes)
  if (!decoded.ok) throw new RosterError(`无法读取名单文件 ${fileName}：${decoded.reason}`)
  return parseCsv(decoded.text)
}

/**
 * RFC 4180: fields separated by commas, quoted with "…" ("" inside a quoted field is one "), a
 * quoted field may span lines. Row numbers count records from 1, as a spreadsheet shows them.
 */
export function parseCsv(text: string): RosterRows {
  const rows: RosterRows = []
  let cells: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let rowStart = 1
  const endRow = (): void => {
    cells.push(field)
    rows.push({ row: rowStart, cells })
    cells = []
    field = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        field += ch
      }
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      cells.push(field)
      field = ''
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowStart = line
    } else field += ch
  }
  if (quoted) throw new RosterError(`第 ${rowStart} 行：引号没有闭合（"…"），文件可能不完整。`)
  if (field !== '' || cells.length > 0) endRow()
  return rows
}
