/**
 * The rectification notice (shared/notice.ts) over reports the real core parsed and checked: the
 * five samples, read through the Service as the review screen reads them.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ReportDetail } from '../src/shared/api'
import { rectificationNotice } from '../src/shared/notice'
import { createService, type Service } from '../src/main/core/service/index'
import { SAMPLES } from './helpers/temp-corpus'

let dir: string | null = null
let service: Service | null = null
afterEach(async () => {
  await service?.close()
  if (dir) await fs.rm(dir, { recursive: true, force: true })
  service = null
  dir = null
})

async function reports(): Promise<{ s: Service; details: ReportDetail[] }> {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-notice-'))
  const s = (service = createService({ dbPath: path.join(dir, 'n.sqlite'), watch: { stabilityMs: 150 } }))
  const idle = new Promise<void>(resolve => {
    const off = s.onEvent(e => {
      if (e.type === 'idle') {
        off()
        resolve()
      }
    })
  })
  const added = await s.addWatchedFolder({ path: SAMPLES })
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
  it('lists every open finding of each sample, numbered, errors first, with its lines', async () => {
    const { details } = await reports()
    expect(details).toHaveLength(5)
    for (const d of details) {
      const notice = rectificationNotice(d)
      const name = `${d.summary.agency}${d.summary.year}年政府信息公开工作年度报告`
      expect(notice.text.split('\n')[0]).toBe(`关于${name}的审查意见`)
      expect(notice.count).toBe(d.findings.length)
      const listed = items(notice.text)
      expect(listed.map(l => Number(l.split('.')[0]))).toEqual(d.findings.map((_, i) => i + 1))
      // Findings come in rule order; the notice puts them by severity, each message whole.
      const bySeverity = ['error', 'warning', 'info'].flatMap(s => d.findings.filter(f => f.severity === s))
      bySeverity.forEach((f, i) => {
        expect(listed[i]).toContain(f.message.replace(/。$/, ''))
        if (f.lines?.length && !/第\s*\d+\s*行/.test(f.message)) expect(listed[i]).toContain(`第 ${f.lines.join('、')} 行`)
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
    await s.setReview({ reportId: d.summary.id, key: second!.key, decision: 'confirmed', note: '已电话告知' })
    const after = await s.getReport({ id: d.summary.id })
    if (!after.ok) throw new Error(after.error.message)
    const notice = rectificationNotice(after.value)
    expect(notice.count).toBe(d.findings.length - 1)
    expect(notice.text).not.toContain(first!.message.replace(/。$/, ''))
    expect(items(notice.text).find(l => l.includes(second!.message.replace(/。$/, '')))).toMatch(/。审查备注：已电话告知$/)

    for (const f of d.findings) await s.setReview({ reportId: d.summary.id, key: f.key, decision: 'dismissed', note: '' })
    const none = await s.getReport({ id: d.summary.id })
    if (!none.ok) throw new Error(none.error.message)
    expect(rectificationNotice(none.value)).toEqual({
      count: 0,
      text: expect.stringMatching(/\n\n经审查，.+（文件：.+）未发现问题。$/)
    })
  })
})
