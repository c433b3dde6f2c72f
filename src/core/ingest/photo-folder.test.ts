import { describe, expect, it } from 'vitest'
import {
  comparePageNames,
  decodePictures,
  encodePictures,
  isPhotoFolder,
  isPicturesContainer,
  picturesHash
} from './photo-folder'

const files = (...names: string[]): { name: string; dir: boolean }[] =>
  names.map(name => ({ name, dir: false }))
const sorted = (...names: string[]): string[] => [...names].sort(comparePageNames)

describe('page order of picture names', () => {
  it('is natural: 2 before 10, whatever the spelling of the number', () => {
    expect(sorted('10.jpg', '2.jpg', '1.jpg', '9.jpg')).toEqual([
      '1.jpg',
      '2.jpg',
      '9.jpg',
      '10.jpg'
    ])
    expect(sorted('扫描_010.png', '扫描_002.png', '扫描_001.png')).toEqual([
      '扫描_001.png',
      '扫描_002.png',
      '扫描_010.png'
    ])
    expect(sorted('第10页.jpg', '第2页.jpg', '第1页.jpg')).toEqual([
      '第1页.jpg',
      '第2页.jpg',
      '第10页.jpg'
    ])
    expect(sorted('第十页.jpg', '第二页.jpg', '第十二页.jpg', '第一页.jpg')).toEqual([
      '第一页.jpg',
      '第二页.jpg',
      '第十页.jpg',
      '第十二页.jpg'
    ])
    expect(sorted('page-10.JPG', 'Page-9.jpg', 'page-1.jpg')).toEqual([
      'page-1.jpg',
      'Page-9.jpg',
      'page-10.JPG'
    ])
    expect(sorted('IMG_20240305_101.jpg', 'IMG_20240305_99.jpg')).toEqual([
      'IMG_20240305_99.jpg',
      'IMG_20240305_101.jpg'
    ])
  })

  it('puts a cover first', () => {
    expect(sorted('2.jpg', '封面.jpg', '1.jpg')).toEqual(['封面.jpg', '1.jpg', '2.jpg'])
  })
})

describe('which folders are one report sent as photos', () => {
  it('a folder of two or more pictures and nothing else', () => {
    expect(isPhotoFolder('某某局2023年报告', files('1.jpg', '2.jpg'), [])).toBe(true)
    expect(isPhotoFolder('扫描件', files('a.png', 'b.tif', 'c.HEIC'), ['报告.pdf'])).toBe(true)
  })

  it('not one picture, nor pictures beside another file or a subfolder', () => {
    expect(isPhotoFolder('某局', files('1.jpg'), [])).toBe(false)
    expect(isPhotoFolder('某局', files('1.jpg', '2.jpg', '说明.txt'), [])).toBe(false)
    expect(isPhotoFolder('某局', [...files('1.jpg', '2.jpg'), { name: 'x', dir: true }], [])).toBe(
      false
    )
  })

  it('not the pictures of a document beside it, nor a folder named for attachments', () => {
    expect(isPhotoFolder('2023年报告', files('1.jpg', '2.jpg'), ['2023年报告.DOCX'])).toBe(false)
    expect(isPhotoFolder('附件', files('1.jpg', '2.jpg'), ['报告.pdf'])).toBe(false)
    expect(isPhotoFolder('images', files('1.png', '2.png'), [])).toBe(false)
    expect(isPhotoFolder('活动图片', files('1.png', '2.png'), [])).toBe(false)
  })
})

describe('the content of a photo folder', () => {
  const a = Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3])
  const b = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9])
  it('keeps each picture, its name and any read error, in order', () => {
    const bytes = encodePictures([
      { name: '1.jpg', bytes: a, error: null },
      { name: '第2页.png', bytes: b, error: null },
      { name: '3.jpg', bytes: null, error: '无法读取文件（没有读取权限）' }
    ])
    expect(isPicturesContainer(bytes)).toBe(true)
    expect(isPicturesContainer(a)).toBe(false)
    const back = decodePictures(bytes)
    expect(back.map(p => p.name)).toEqual(['1.jpg', '第2页.png', '3.jpg'])
    expect(back[0]!.bytes.equals(a)).toBe(true)
    expect(back[1]!.bytes.equals(b)).toBe(true)
    expect(back[2]!.error).toBe('无法读取文件（没有读取权限）')
  })

  it('is hashed from the pictures in order, not their names', () => {
    const one = (x: Buffer, y: Buffer): string =>
      picturesHash([
        { bytes: x, error: null },
        { bytes: y, error: null }
      ])
    expect(one(a, b)).not.toBe(one(b, a))
    expect(one(a, b)).toBe(one(Buffer.from(a), Buffer.from(b)))
    // Two pictures are not one made of their bytes together.
    expect(picturesHash([{ bytes: Buffer.concat([a, b]), error: null }])).not.toBe(one(a, b))
  })
})
