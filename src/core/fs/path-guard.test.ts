import { describe, expect, it } from 'vitest'
import {
  broadFolderReason,
  folderOf,
  isPathInside,
  isUncPath,
  normalizeFolder,
  relativePath
} from './path-guard'

describe('isPathInside', () => {
  it('accepts the folder itself and files below it (posix)', () => {
    expect(isPathInside('/data/reports', '/data/reports', 'posix')).toBe(true)
    expect(isPathInside('/data/reports/', '/data/reports', 'posix')).toBe(true)
    expect(isPathInside('/data/reports/2023/a.txt', '/data/reports', 'posix')).toBe(true)
  })

  it('refuses parents, siblings with a common prefix and .. escapes (posix)', () => {
    expect(isPathInside('/data', '/data/reports', 'posix')).toBe(false)
    expect(isPathInside('/data/reports2/a.txt', '/data/reports', 'posix')).toBe(false)
    expect(isPathInside('/data/reports/../secret.txt', '/data/reports', 'posix')).toBe(false)
    expect(isPathInside('/data/reports/2023/../../etc/passwd', '/data/reports', 'posix')).toBe(
      false
    )
    expect(isPathInside('/etc/passwd', '/data/reports', 'posix')).toBe(false)
  })

  it('refuses relative paths and NUL bytes', () => {
    expect(isPathInside('reports/a.txt', '/data/reports', 'posix')).toBe(false)
    expect(isPathInside('/data/reports/a.txt\0.png', '/data/reports', 'posix')).toBe(false)
  })

  it('treats a file named like ..x as inside', () => {
    expect(isPathInside('/data/reports/..x.txt', '/data/reports', 'posix')).toBe(true)
  })

  it('handles Windows drives, case and UNC shares', () => {
    expect(isPathInside('C:\\Reports\\2023\\a.docx', 'c:\\reports', 'win32')).toBe(true)
    expect(isPathInside('D:\\reports\\a.docx', 'C:\\reports', 'win32')).toBe(false)
    expect(isPathInside('C:\\reports2\\a.docx', 'C:\\reports', 'win32')).toBe(false)
    expect(isPathInside('C:\\reports\\..\\x.docx', 'C:\\reports', 'win32')).toBe(false)
    expect(isPathInside('\\\\srv\\share\\年报\\a.pdf', '\\\\srv\\share\\年报', 'win32')).toBe(true)
    expect(isPathInside('\\\\srv\\other\\a.pdf', '\\\\srv\\share', 'win32')).toBe(false)
  })
})

describe('folderOf', () => {
  it('picks the innermost watched folder', () => {
    const folders = ['/a', '/a/b', '/c']
    expect(folderOf('/a/b/x.txt', folders, 'posix')).toBe('/a/b')
    expect(folderOf('/a/x.txt', folders, 'posix')).toBe('/a')
    expect(folderOf('/d/x.txt', folders, 'posix')).toBeNull()
  })
})

describe('helpers', () => {
  it('recognises UNC paths', () => {
    expect(isUncPath('\\\\server\\share\\x')).toBe(true)
    expect(isUncPath('//server/share')).toBe(true)
    expect(isUncPath('C:\\x')).toBe(false)
    expect(isUncPath('/home/x')).toBe(false)
  })
  it('normalises folders and relative paths', () => {
    expect(normalizeFolder('/a/b/', 'posix')).toBe('/a/b')
    expect(normalizeFolder('/', 'posix')).toBe('/')
    expect(normalizeFolder('C:\\x\\', 'win32')).toBe('C:\\x')
    expect(relativePath('C:\\r', 'C:\\r\\2023\\a.txt', 'win32')).toBe('2023/a.txt')
  })
})

describe('broadFolderReason', () => {
  it('refuses a whole drive and the home folder, on Windows and elsewhere', () => {
    expect(broadFolderReason('D:\\', null, 'win32')).toBe(
      '不能监视整个磁盘（D:\\）：请选择存放年度报告的文件夹'
    )
    expect(broadFolderReason('c:\\', 'C:\\Users\\张三', 'win32')).toMatch(/^不能监视整个磁盘/)
    expect(broadFolderReason('C:\\users\\张三\\', 'C:\\Users\\张三', 'win32')).toBe(
      '不能监视整个用户文件夹（C:\\users\\张三）：请选择存放年度报告的文件夹'
    )
    expect(broadFolderReason('/', '/home/zhang', 'posix')).toMatch(/^不能监视整个磁盘（\/）/)
    expect(broadFolderReason('/home/zhang/', '/home/zhang', 'posix')).toMatch(
      /^不能监视整个用户文件夹/
    )
  })

  it('allows the folders reports are kept in, a share root among them', () => {
    expect(broadFolderReason('D:\\年报', null, 'win32')).toBeNull()
    expect(
      broadFolderReason('C:\\Users\\张三\\Desktop\\2024年报', 'C:\\Users\\张三', 'win32')
    ).toBeNull()
    expect(broadFolderReason('\\\\server\\年报', 'C:\\Users\\张三', 'win32')).toBeNull()
    expect(broadFolderReason('/home/zhang/年报', '/home/zhang', 'posix')).toBeNull()
    expect(broadFolderReason('/home', '/home/zhang', 'posix')).toBeNull()
  })
})
