/**
 * The net under stray errors: a rejection nothing handles, and an exception thrown from a timer,
 * are logged and the process goes on (issue #19: one byte-flipped PDF ended audit, watch and serve).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

describe('stray error handlers', () => {
  it('log a stray rejection and a thrown timer, and the process carries on and exits 0', () => {
    const script = path.join(__dirname, '../../../test/helpers/stray-errors-fixture.ts')
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      cwd: path.join(__dirname, '../../..'),
      timeout: 60_000
    })
    expect(r.stderr).toContain(
      '未处理的异步错误（已记录，程序继续运行）：Error: stray pdf rejection'
    )
    expect(r.stderr).toContain('未捕获的错误（已记录，程序继续运行）：Error: thrown from a timer')
    expect(r.stdout.trim()).toBe('still running')
    expect(r.status).toBe(0)
  }, 60_000)
})
