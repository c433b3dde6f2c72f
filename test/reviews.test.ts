import {
  appendFileSync,
  copyFileSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { auditFolder } from '../src/core/pipeline/index'
import { mergeAgencies, setAgencyLevel, unmergeAgency } from '../src/core/pipeline/admin'
import { prepareFile, reportFindings } from '../src/core/pipeline/file'
import { listAgencies } from '../src/core/store/queries/agencies'
import { getRuleSettings } from '../src/core/store/settings'
import type { Store } from '../src/core/store/index'
import { REAL, sampleNames, sandbox, SAMPLES, type Sandbox } from './helpers/temp-corpus'
import { silentLogger } from '../src/core/logger'

let sb: Sandbox | null = null
afterEach(async () => {
  await sb?.cleanup()
  sb = null
})

async function reportOf(store: Store, file: string) {
  const row = await store.db.get<{ id: number }>(
    `SELECT r.id FROM reports r JOIN files f ON f.id = r.file_id WHERE f.path = ? AND r.status = 'current'`,
    [file]
  )
  if (!row) throw new Error(`no current report for ${file}`)
  return (await store.getReport(row.id))!
}

describe('review decisions', () => {
  // M02 is raised by the pipeline itself, so this holds whatever the report rules find.
  it('survive a re-parse of unchanged content, re-attach after a change, and show as no longer matching', async () => {
    sb = await sandbox(false)
    const [a] = sampleNames()
    const dup = `重发-${a}`
    copyFileSync(path.join(SAMPLES, a!), path.join(sb.folder, a!))
    copyFileSync(path.join(SAMPLES, a!), path.join(sb.folder, dup))
    await auditFolder(sb.folder, sb.store)
    const first = await reportOf(sb.store, a!)
    const m02 = first.findings.find(f => f.rule === 'M02')!
    expect(m02).toBeDefined()
    await sb.store.setDecision(
      {
        reportId: first.summary.id,
        rule: 'M02',
        locKey: m02.locKey,
        decision: 'dismissed',
        note: '已撤回旧版',
        reviewer: '李四',
        message: m02.message
      },
      new Date('2024-03-01T08:00:00Z')
    )
    const expectReview = async (state: string) => {
      const r = await reportOf(sb!.store, a!)
      const f = r.findings.find(x => x.rule === 'M02')
      expect(f?.review).toMatchObject({
        decision: 'dismissed',
        note: '已撤回旧版',
        reviewer: '李四',
        decidedAt: '2024-03-01T08:00:00.000Z',
        state
      })
      return r
    }
    await expectReview('current')

    // Unchanged folder: nothing parsed, decision unchanged.
    expect((await auditFolder(sb.folder, sb.store)).parsed).toBe(0)
    await expectReview('current')

    // The same content parsed again (file moved away and back): still the decision on this content.
    renameSync(path.join(sb.folder, a!), path.join(sb.dir, 'aside.txt'))
    await auditFolder(sb.folder, sb.store)
    renameSync(path.join(sb.dir, 'aside.txt'), path.join(sb.folder, a!))
    expect((await auditFolder(sb.folder, sb.store)).parsed).toBe(1)
    await expectReview('current')

    // Content changed, finding still there at the same rule and location: re-attached.
    appendFileSync(path.join(sb.folder, a!), '\n（本报告已更正）\n')
    expect((await auditFolder(sb.folder, sb.store)).parsed).toBe(1)
    await expectReview('reattached')

    // The duplicate is gone, so is the finding: the decision is shown as no longer matching.
    rmSync(path.join(sb.folder, dup))
    await auditFolder(sb.folder, sb.store)
    const last = await reportOf(sb.store, a!)
    expect(last.findings.some(f => f.rule === 'M02')).toBe(false)
    expect(last.orphanedReviews).toMatchObject([
      { rule: 'M02', decision: 'dismissed', state: 'orphaned', note: '已撤回旧版' }
    ])
  })
})

describe('agency aliases', () => {
  it('merge two spellings so duplicates are found, persist, and can be undone', async () => {
    sb = await sandbox(false)
    const [a] = sampleNames()
    const text = readFileSync(path.join(SAMPLES, a!), 'utf8')
    copyFileSync(path.join(SAMPLES, a!), path.join(sb.folder, a!))
    const { root } = await auditFolder(sb.folder, sb.store)
    const agency = (await reportOf(sb.store, a!)).summary.agency
    expect(agency).toBeTruthy()
    const variant = `${agency}管理处`
    writeFileSync(path.join(sb.folder, 'variant.txt'), text.split(agency!).join(variant))
    await auditFolder(sb.folder, sb.store)
    const v = await reportOf(sb.store, 'variant.txt')
    expect(v.summary.agency).toBe(variant)
    expect(v.summary.agencyKey).not.toBe((await reportOf(sb.store, a!)).summary.agencyKey)
    const m02Count = async () =>
      (await sb!.store.reportsJson(root)).flatMap(r => r.findings).filter(f => f.rule === 'M02')
        .length
    expect(await m02Count()).toBe(0)

    const key = await mergeAgencies(sb.store, variant, agency!)
    expect((await reportOf(sb.store, 'variant.txt')).summary.agencyKey).toBe(key)
    expect((await reportOf(sb.store, 'variant.txt')).summary.agency).toBe(agency)
    expect(await m02Count()).toBe(2)
    const agencies = await listAgencies(sb.store.db, { page: { offset: 0, limit: 100 } })
    expect(agencies.items.map(x => x.key)).toEqual([key])
    expect(agencies.items[0]!.aliases).toHaveLength(1)
    // The agency list counts both files, as 总览's 报告 does, and says one is a copy of the same
    // year (M02, superseded): 报告 and 报告数 say the same number (issue #22).
    expect(agencies.items[0]!.reports).toBe(2)
    expect(agencies.items[0]!.duplicates).toBe(1)
    expect(
      await sb.store.db.get(
        `SELECT count(*) AS n, sum(superseded) AS s FROM reports WHERE agency_key = ? AND status = 'current'`,
        [key]
      )
    ).toEqual({ n: 2, s: 1 })

    // The alias lives in the database: a changed variant file still lands on the merged agency.
    appendFileSync(path.join(sb.folder, 'variant.txt'), '\n更正。\n')
    expect((await auditFolder(sb.folder, sb.store)).parsed).toBe(1)
    expect((await reportOf(sb.store, 'variant.txt')).summary.agencyKey).toBe(key)
    expect(await m02Count()).toBe(2)

    await unmergeAgency(sb.store, variant)
    expect((await reportOf(sb.store, 'variant.txt')).summary.agencyKey).not.toBe(key)
    expect(await m02Count()).toBe(0)
  })

  it('keeps the findings of a user-edited level when the file changes (M05 by level)', async () => {
    // 平潭综合实验区 2023, published 2024-03-08: late for a department (31 January), in time for a
    // government (31 March).
    sb = await sandbox(false)
    const name = '014_pingtan_2023_cells.txt'
    copyFileSync(path.join(REAL, name), path.join(sb.folder, name))
    await auditFolder(sb.folder, sb.store)
    const before = await reportOf(sb.store, name)
    const key = before.summary.agencyKey!
    const inferred = (await sb.store.getAgency(key))!.level
    const edited = inferred === 'department' ? 'government' : 'department'
    const m05 = async (): Promise<boolean> =>
      (await reportOf(sb!.store, name)).findings.some(f => f.rule === 'M05')
    expect(await m05()).toBe(inferred === 'department')
    const expected = async (): Promise<string[]> => {
      const bytes = readFileSync(path.join(sb!.folder, name))
      const prepared = await prepareFile({ path: name, size: bytes.length, mtimeMs: 0 }, bytes)
      return reportFindings(prepared, edited, await getRuleSettings(sb!.store.db), silentLogger)
        .map(f => `${f.rule} ${f.message}`)
        .sort()
    }
    const stored = async (): Promise<string[]> =>
      (await reportOf(sb!.store, name)).findings
        .filter(f => f.source === 'report')
        .map(f => `${f.rule} ${f.message}`)
        .sort()

    // The edit re-runs the rules on the stored document parsed again.
    await setAgencyLevel(sb.store, key, edited)
    expect(await m05()).toBe(edited === 'department')
    expect(await stored()).toEqual(await expected())
    // A changed file is parsed for the level its name suggests (in a worker) and recomputed for the
    // edited level before it is stored.
    appendFileSync(path.join(sb.folder, name), '\n')
    expect((await auditFolder(sb.folder, sb.store, { workers: 2 })).parsed).toBe(1)
    expect(await m05()).toBe(edited === 'department')
    expect(await stored()).toEqual(await expected())
  })

  it('keeps a user-edited level', async () => {
    sb = await sandbox()
    await auditFolder(sb.folder, sb.store)
    const { items } = await listAgencies(sb.store.db, { page: { offset: 0, limit: 1 } })
    const key = items[0]!.key
    const other = items[0]!.level === 'township' ? 'government' : 'township'
    await setAgencyLevel(sb.store, key, other)
    expect(await sb.store.getAgency(key)).toMatchObject({ level: other, levelSource: 'user' })
  })
})
