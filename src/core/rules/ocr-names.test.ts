import { describe, expect, it } from 'vitest'
import { matchKnownName, nameMatchedNote, oneLookalikeApart, spelledElsewhere } from './ocr-names'

describe('an OCR-read agency name matched to a known one', () => {
  const known = ['沭阳县发展和改革局', '淮安市人民政府', '宿迁市民政局']

  it('takes the one known name a look-alike character away', () => {
    expect(matchKnownName('沐阳县发展和改革局', known)).toBe('沭阳县发展和改革局')
    expect(oneLookalikeApart('沐阳县发展和改革局', '沭阳县发展和改革局')).toBe(true)
  })

  it('leaves a name that is known as read, or two characters off, or off by a character unlike', () => {
    expect(matchKnownName('沭阳县发展和改革局', known)).toBeNull()
    expect(matchKnownName('沐阳县发展和政革局', known)).toBeNull()
    // 宿迁 vs 宿州: a real other city, not a misread.
    expect(matchKnownName('宿州市民政局', known)).toBeNull()
    expect(matchKnownName('沐阳县发展和改革', known)).toBeNull()
  })

  it('leaves it when two known names fit (which one cannot be told)', () => {
    expect(matchKnownName('己县', ['已县', '巳县'])).toBeNull()
    expect(matchKnownName('己县', ['已县'])).toBe('已县')
  })

  it('says what was read and what was taken', () => {
    const n = nameMatchedNote('沐阳县发展和改革局', '沭阳县发展和改革局', '名册')
    expect(n.message).toContain('“沐阳县发展和改革局”与名册中的“沭阳县发展和改革局”')
  })
})

describe('an OCR-read agency name the report’s own text spells otherwise', () => {
  const title = '沐阳县发展和改革局2023年政府信息公开工作年度报告'
  it('takes the spelling the text gives more often', () => {
    const lines = [title, '本报告由沭阳县发展和改革局编制。', '沭阳县发展和改革局', '2024年1月20日']
    expect(spelledElsewhere('沐阳县发展和改革局', lines)).toBe('沭阳县发展和改革局')
  })
  it('leaves a tie, and a name spelled one way only', () => {
    expect(spelledElsewhere('沐阳县发展和改革局', [title, '沭阳县发展和改革局'])).toBeNull()
    expect(spelledElsewhere('沐阳县发展和改革局', [title, '沐阳县发展和改革局'])).toBeNull()
  })
})
