/**
 * A database error names its real cause (issue #19): on a full disk SQLite fails with
 * SQLITE_IOERR or SQLITE_CANTOPEN, which read as 磁盘或网络故障; the free space decides.
 */
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { dbErrorCause } from './errors'

afterEach(() => vi.restoreAllMocks())

const at = path.join(os.tmpdir(), 'nianbao', 'n.sqlite')
const statfsWith = (bavail: number) =>
  vi
    .spyOn(fs, 'statfs')
    .mockResolvedValue({ bavail, bsize: 4096 } as Awaited<ReturnType<typeof fs.statfs>>)

describe('dbErrorCause', () => {
  it('calls an I/O error on a disk with no room left a full disk', async () => {
    statfsWith(2)
    for (const raw of [
      'SQLITE_IOERR: disk I/O error',
      'SQLITE_CANTOPEN: unable to open database file'
    ]) {
      expect(await dbErrorCause(new Error(raw), at)).toMatch(
        /^磁盘空间不足，数据库无法写入：请清理磁盘后重新扫描（剩余 8 KB；/
      )
    }
  })

  it('keeps a disk or network fault when there is room', async () => {
    statfsWith(10_000_000)
    expect(await dbErrorCause(new Error('SQLITE_IOERR: disk I/O error'), at)).toMatch(
      /^读写数据库文件时出错（磁盘或网络故障）/
    )
    expect(await dbErrorCause(new Error('SQLITE_NOTADB: file is not a database'), at)).toMatch(
      /^该文件不是本程序的数据库，或已损坏/
    )
  })
})
