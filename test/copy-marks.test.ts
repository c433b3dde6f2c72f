import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { markShared } from '../src/shared/copy-marks'

const SAMPLES = join(__dirname, '../../shared/corpus/samples')
const sample = (prefix: string): string => {
  const names = ['001_0a6fcc7805cba63f.txt', '004_e6e4943c46b535d8.txt']
  return readFileSync(
    join(
      SAMPLES,
      names.find(n => n.startsWith(prefix))!
    ),
    'utf8'
  )
}
const H5 = '五、存在的主要问题及改进情况'
const s5 = (t: string): string =>
  t.slice(t.indexOf(H5) + H5.length, t.indexOf('六、其他需要报告的事项'))

describe('markShared', () => {
  it('marks the sentences of a copied section in both passages, the names of the units aside', () => {
    const original = s5(sample('004'))
    const copy = original.replaceAll('兴仁镇', '宣和镇') + '本局将认真整改落实到位，确保取得实效。'
    const m = markShared(copy, original, ['沙坡头区宣和镇', '沙坡头区兴仁镇'])
    expect(m.own.map(s => s.text).join('')).toBe(copy)
    expect(m.other.map(s => s.text).join('')).toBe(original)
    const long = (xs: { text: string; shared: boolean }[]) =>
      xs.filter(s => s.text.replace(/\s/g, '').length >= 10)
    expect(long(m.other).every(s => s.shared)).toBe(true)
    expect(m.own.at(-1)).toEqual({ text: '本局将认真整改落实到位，确保取得实效。', shared: false })
  })

  it("marks nothing between two units' own sections", () => {
    const m = markShared(s5(sample('001')), s5(sample('004')), ['中卫市民政局', '沙坡头区兴仁镇'])
    expect(m.own.filter(s => s.shared && s.text.length > 10)).toEqual([])
  })
})
