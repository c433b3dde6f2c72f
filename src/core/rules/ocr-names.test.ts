import { describe, expect, it } from 'vitest'
import { matchKnownName, nameMatchedNote, oneLookalikeApart } from './ocr-names'

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
