/**
 * The rectification notice (shared/notice.ts) over reports the real core parsed and checked: the
 * five samples, read through the Service as the review screen reads them.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportDetail } from '../src/shared/api'
import { agencyPlace, lineRuns, rectificationNotice } from '../src/shared/notice'
import { createService, type Service } from '../src/core/service/index'
import { REAL, SAMPLES } from './helpers/temp-corpus'

let dir: string | null = null
let service: Service | null = null
afterEach(async () => {
  await service?.close()
  if (dir) await fs.rm(dir, { recursive: true, force: true })
  service = null
  dir = null
})

async function reports(folder = SAMPLES): Promise<{ s: Service; details: ReportDetail[] }> {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-notice-'))
  const s = (service = createService({
    dbPath: path.join(dir, 'n.sqlite'),
    watch: { stabilityMs: 150 }
  }))
  const idle = new Promise<void>(resolve => {
    const off = s.onEvent(e => {
      if (e.type === 'idle') {
        off()
        resolve()
      }
    })
  })
  const added = await s.addWatchedFolder({ path: folder })
  expect(added.ok).toBe(true)
  await idle
  const list = await s.listReports({ page: { offset: 0, limit: 50 } })
  if (!list.ok) throw new Error(list.error.message)
  const details: ReportDetail[] = []
  for (const r of list.value.items) {
    const d = await s.getReport({ id: r.id })
    if (!d.ok) throw new Error(d.error.message)
    details.push(d.value)
  }
  return { s, details }
}

const items = (text: string): string[] => text.split('\n').filter(l => /^\d+\. /.test(l))

describe('rectification notice', () => {
  it('lists every open finding of each sample, numbered, errors first, located in the report’s own terms', async () => {
    const { details } = await reports()
    expect(details).toHaveLength(5)
    for (const d of details) {
      const notice = rectificationNotice(d)
      const name = `${d.summary.agency}${d.summary.year}年政府信息公开工作年度报告`
      expect(notice.text.split('\n')[0]).toBe(`关于${name}的审查意见`)
      expect(notice.text.split('\n')[2]).toBe(`${d.summary.agency}：`)
      expect(notice.count).toBe(d.findings.length)
      const listed = items(notice.text)
      expect(listed.map(l => Number(l.split('.')[0]))).toEqual(d.findings.map((_, i) => i + 1))
      // Findings come in rule order; the notice puts them by severity, each message whole.
      const bySeverity = ['error', 'warning', 'info'].flatMap(s =>
        d.findings.filter(f => f.severity === s)
      )
      bySeverity.forEach((f, i) => {
        expect(listed[i]).toContain(f.message.replace(/。$/, ''))
        // Where it is as the agency's printed report has it, never the extracted text's line numbers.
        const at = agencyPlace(f)
        if (at) expect(listed[i]).toContain(at)
        expect(listed[i]).not.toMatch(/（第 \d+/)
      })
    }
    // The samples do have findings: a notice with nothing to list would prove nothing.
    expect(details.reduce((n, d) => n + d.findings.length, 0)).toBeGreaterThan(5)
  })

  it('leaves out dismissed findings, keeps a reviewer’s note, and says when nothing is left', async () => {
    const { s, details } = await reports()
    const d = details.find(x => x.findings.length >= 2)!
    const [first, second] = d.findings
    await s.setReview({ reportId: d.summary.id, key: first!.key, decision: 'dismissed', note: '' })
    await s.setReview({
      reportId: d.summary.id,
      key: second!.key,
      decision: 'confirmed',
      note: '已电话告知'
    })
    const after = await s.getReport({ id: d.summary.id })
    if (!after.ok) throw new Error(after.error.message)
    const notice = rectificationNotice(after.value)
    expect(notice.count).toBe(d.findings.length - 1)
    expect(notice.text).not.toContain(first!.message.replace(/。$/, ''))
    expect(items(notice.text).find(l => l.includes(second!.message.replace(/。$/, '')))).toMatch(
      /。审查备注：已电话告知$/
    )

    for (const f of d.findings)
      await s.setReview({ reportId: d.summary.id, key: f.key, decision: 'dismissed', note: '' })
    const none = await s.getReport({ id: d.summary.id })
    if (!none.ok) throw new Error(none.error.message)
    expect(rectificationNotice(none.value)).toEqual({
      count: 0,
      text: expect.stringMatching(/\n\n.+：\n经审查，.+（文件：.+）未发现问题。$/)
    })
  })

  it('says once that a table was left blank (corpus/real 001: 23 rows of 未填写数字), and keeps the rest', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-notice-real-'))
    try {
      await fs.copyFile(path.join(REAL, '001_shanghai_szfbgt_2019.txt'), path.join(folder, 'a.txt'))
      const { details } = await reports(folder)
      const d = details[0]!
      const blankApps = d.findings.filter(f => f.rule === 'T02' && f.table === 'applications')
      expect(blankApps.length).toBe(23)
      const notice = rectificationNotice(d)
      expect(notice.count).toBe(d.findings.length)
      const listed = items(notice.text)
      expect(listed).toHaveLength(d.findings.length - 23 + 1)
      expect(listed[0]).toBe(
        '1. 表三（“三、收到和处理政府信息公开申请情况”）中有 23 行的单元格未填写数字，请逐格填写，没有发生的填“0”。'
      )
      // The review table's rows keep their own lines, each placed in 表四 by row and column.
      const review = d.findings.filter(f => f.rule === 'T02' && f.table === 'reviewLitigation')
      for (const f of review) expect(notice.text).toContain(agencyPlace(f) ?? f.message)
      // Three rows of the review table stay as they are; every other finding keeps its own line.
      for (const f of d.findings.filter(x => !blankApps.includes(x)))
        expect(notice.text).toContain(f.message.replace(/。$/, ''))
      expect(notice.text).toContain('（一）错误（4 项）')
    } finally {
      await fs.rm(folder, { recursive: true, force: true })
    }
  })

  it('places a finding as the agency’s printed report names it, and signs with the office', () => {
    const f = {
      rule: 'A01' as const,
      severity: 'error' as const,
      message: '申请人合计不符。',
      source: 'report' as const,
      table: 'applications' as const,
      row: 'denied.securityStability',
      column: 'natural',
      review: null
    }
    expect(agencyPlace(f)).toBe('表三“（三）不予公开 3.危及‘三安全一稳定’”行“自然人”列')
    expect(
      agencyPlace({ ...f, table: undefined, row: undefined, column: undefined, section: 5 })
    ).toBe('第五部分“存在的主要问题及改进情况”')
    expect(
      agencyPlace({
        ...f,
        table: 'reviewLitigation',
        row: undefined,
        group: 'review',
        column: 'upheld,total'
      })
    ).toBe('表四“行政复议”行“结果维持”、“总计”列')
    // A message that already names its row and column is not told twice.
    expect(
      agencyPlace({ ...f, message: '“（三）不予公开3.危及“三安全一稳定””行“自然人”列为空。' })
    ).toBeNull()
  })

  it('writes line numbers as runs', () => {
    expect(lineRuns([55, 51, 52, 53, 57, 58, 53])).toBe('51–53、55、57–58')
    expect(lineRuns([7])).toBe('7')
    expect(lineRuns([])).toBe('')
  })
})
