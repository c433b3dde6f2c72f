/**
 * A real-looking roster case built from the samples (../shared/corpus/samples), shared by the
 * roster, CLI and export tests:
 * - 中卫市民政局 2023 (sample 001), closing date 2024-01-20: on time (政府部门, 1 月 31 日);
 * - 中卫市机关事务服务中心 2023 (sample 000), closing date 2024-03-15: late;
 * - 沙坡头区兴仁镇 2023 (sample 004), no date line: undated;
 * - 沙坡头区政务服务中心 2022 (sample 002): reported under the name the roster lists as an alias of
 *   中卫市沙坡头区政务服务中心;
 * - 中卫市发展和改革委员会: on the roster, no report;
 * - 川汇区机关事务中心 2023 (sample 003): a report on no roster (名单外).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { SAMPLES } from './temp-corpus'

/** Copies the samples into `folder`, appending a closing date line (落款日期) where one is wanted. */
export function writeRosterReports(folder: string): void {
  const dated: Record<string, string> = {
    '001_0a6fcc7805cba63f.txt': '\n\n中卫市民政局\n\n2024年1月20日\n',
    '000_051f95df41851f1c.txt': '\n\n中卫市机关事务服务中心\n\n2024年3月15日\n'
  }
  for (const name of [
    '000_051f95df41851f1c.txt',
    '001_0a6fcc7805cba63f.txt',
    '002_4dd3a57cffab60e6.txt',
    '003_af8fd19025225cb0.txt',
    '004_e6e4943c46b535d8.txt'
  ]) {
    const to = path.join(folder, name)
    if (dated[name]) writeFileSync(to, readFileSync(path.join(SAMPLES, name), 'utf8') + dated[name])
    else copyFileSync(path.join(SAMPLES, name), to)
  }
}

export const ROSTER_TITLE = '2023年度政府信息公开工作年度报告应报送单位名单'
export const ROSTER_HEADER = ['序号', '单位名称', '层级', '所属地区', '别名']
export const ROSTER_ROWS: string[][] = [
  ['1', '中卫市民政局', '政府部门', '中卫市', ''],
  ['2', '中卫市机关事务服务中心', '政府部门', '中卫市', ''],
  ['3', '中卫市发展和改革委员会', '政府部门', '中卫市', ''],
  [
    '4',
    '中卫市沙坡头区政务服务中心',
    '政府部门',
    '沙坡头区',
    '沙坡头区政务服务中心；沙坡头区政务大厅'
  ],
  ['5', '沙坡头区兴仁镇', '乡镇（街道）', '沙坡头区', '']
]

/** The roster as a supervisor's .xlsx: a merged title row above the header, as is common. */
export async function writeRosterXlsx(file: string, rows = ROSTER_ROWS): Promise<void> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('名单')
  ws.addRow([ROSTER_TITLE])
  ws.mergeCells(1, 1, 1, ROSTER_HEADER.length)
  ws.addRow(ROSTER_HEADER)
  for (const r of rows) ws.addRow(r.map((c, i) => (i === 0 ? Number(c) : c)))
  await wb.xlsx.writeFile(file)
}

/** The roster as WPS/Excel save a .csv on a Chinese Windows: GB18030, CRLF. */
export function writeRosterCsv(file: string, rows = ROSTER_ROWS): void {
  const quote = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  const text = [ROSTER_HEADER, ...rows].map(r => r.map(quote).join(',')).join('\r\n') + '\r\n'
  writeFileSync(file, iconv.encode(text, 'gb18030'))
}
