/** 单位信息 and the ranking's weights: defaults, kept in the settings table and in the user-data backup. */
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_OFFICE, DEFAULT_SCORE_WEIGHTS } from '../../shared/ranking'
import { sandbox, type Sandbox } from '../../../test/helpers/temp-corpus'
import { readUserData, restoreUserData } from './user-data'

const boxes: Sandbox[] = []
afterEach(async () => {
  for (const b of boxes.splice(0)) await b.cleanup()
})

describe('office settings', () => {
  it('default, save, survive a hand-edited value, and come back from the backup', async () => {
    const a = await sandbox(false)
    boxes.push(a)
    expect((await a.store.getSettings()).office).toEqual(DEFAULT_OFFICE)
    expect((await a.store.getSettings()).scoreWeights).toEqual(DEFAULT_SCORE_WEIGHTS)
    const office = {
      issuer: '某县政务公开办',
      addressee: '各乡镇，县直各部门',
      rectifyBy: '2025-05-01',
      issuedOn: ''
    }
    await a.store.setSetting('office', office)
    await a.store.setSetting('scoreWeights', { missing: 50, late: 10, error: 3, warning: 0.5 })
    const data = await readUserData(a.store.db, new Date())
    const b = await sandbox(false)
    boxes.push(b)
    await restoreUserData(b.store.db, data)
    const st = await b.store.getSettings()
    expect(st.office).toEqual(office)
    expect(st.scoreWeights).toEqual({ missing: 50, late: 10, error: 3, warning: 0.5 })
    // A value edited by hand into the wrong type falls back field by field.
    await b.store.db.run(
      `UPDATE settings SET value = '{"issuer": 7, "addressee": "甲"}' WHERE key = 'office'`
    )
    expect((await b.store.getSettings()).office).toEqual({ ...DEFAULT_OFFICE, addressee: '甲' })
  })
})
