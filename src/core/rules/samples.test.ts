/**
 * The rules on the five real samples (shared/corpus/samples), through the real extractor and
 * parser. Expected findings come from reading the files (issue #3): 003 repeats 一、总体情况, has
 * a reworded 五、存在的问题及改进情况, no statistics period and a section 6 of just `无`; 004 leaves
 * the 行政复议 cells empty and labels 3.其他 as `3.申请`; 000 and 002 have altered labels
 * (其他法律法规禁止公开, truncated 行政规范性 / 行政事业性) which T03 may flag.
 */
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../shared/rules'
import { evaluateText, readCorpus, ruleSet, sampleNames } from './test-support'

const run = (id: string): Finding[] => evaluateText(readCorpus(id)).findings
const defects = (fs: Finding[]) => fs.filter(f => f.severity !== 'info')

describe('the five samples', () => {
  it('are all present', () => {
    expect(sampleNames().map(n => n.slice(0, 3))).toEqual(['000', '001', '002', '003', '004'])
  })

  it('003 川汇区机关事务中心: S02, S03, S04 and nothing else wrong', () => {
    const fs = run('003')
    expect(ruleSet(defects(fs))).toEqual(['S02', 'S03', 'S04'])
    const s02 = fs.filter(f => f.rule === 'S02')
    // 一、总体情况 twice; 五、 twice, the second reworded.
    expect(s02.map(f => f.section).sort()).toEqual([1, 5])
    expect(s02.find(f => f.section === 5)).toMatchObject({ actual: '五、存在的问题及改进情况' })
    expect(fs.find(f => f.rule === 'S03')).toMatchObject({ expected: 2023 })
    expect(fs.find(f => f.rule === 'S04')).toMatchObject({ section: 6 })
  })

  it('003: section 6 reduced to 无 also lacks the 要点 report (info S05)', () => {
    const info = run('003').filter(f => f.severity === 'info')
    expect(info.map(f => f.rule)).toEqual(['S05'])
  })

  it('004 沙坡头区兴仁镇: T02 for the 行政复议 group, T03 for 3.申请', () => {
    const fs = run('004')
    expect(ruleSet(fs)).toEqual(['T02', 'T03'])
    const t02 = fs.filter(f => f.rule === 'T02')
    expect(t02).toHaveLength(1)
    expect(t02[0]).toMatchObject({
      table: 'reviewLitigation',
      group: 'review',
      column: 'upheld,corrected,other,pending,total'
    })
    expect(t02[0]?.lines?.length).toBe(1)
    const t03 = fs.filter(f => f.rule === 'T03')
    expect(t03).toHaveLength(1)
    expect(t03[0]).toMatchObject({ row: 'other.other', expected: '3.其他', actual: '3.申请' })
  })

  it('000 and 002 raise at most T03 warnings for their altered labels; 001 raises nothing', () => {
    for (const id of ['000', '002']) {
      const fs = run(id)
      expect(fs.every(f => f.rule === 'T03' && f.severity === 'warning')).toBe(true)
    }
    expect(run('000').map(f => f.row)).toEqual(['denied.lawProhibited'])
    expect(
      run('002')
        .map(f => f.row)
        .sort()
    ).toEqual(['fees', 'normativeDocs'])
    expect(run('001')).toEqual([])
  })

  it('no arithmetic (A) or text (N) finding on any sample', () => {
    for (const n of sampleNames()) {
      const fs = run(n.slice(0, 3))
      expect(fs.filter(f => /^[AN]/.test(f.rule))).toEqual([])
    }
  })

  it('every finding carries a Chinese message and evidence lines or a location', () => {
    for (const n of sampleNames()) {
      for (const f of run(n.slice(0, 3))) {
        expect(f.message).toMatch(/[\u4e00-\u9fff]/)
        expect(f.lines !== undefined || f.section !== undefined || f.table !== undefined).toBe(true)
      }
    }
  })
})

describe('real reports of 平潭综合实验区 2021–2025 (re-celled)', () => {
  const files = [2, 3, 4, 5, 6].map(d => `real/01${d}_pingtan_${2019 + d}_cells.txt`)

  it('their tables add up and their text agrees with them: no A or N finding', () => {
    // The texts state 70/75/81/154 applications and 2 复议 + 1 诉讼 (2022), 2 + 7 (2023),
    // 36 + 9 (2025): each equals the table, so N01/N02 must stay silent.
    for (const f of files) {
      const fs = evaluateText(readCorpus(f)).findings
      expect(
        fs.filter(x => /^[AN]/.test(x.rule)),
        f
      ).toEqual([])
    }
  })

  it('平潭综合实验区 is a government: 规章 0 and published within 31 March, no T05/M05', () => {
    for (const f of files) {
      const fs = evaluateText(readCorpus(f)).findings
      expect(
        fs.filter(x => x.rule === 'T05' || x.rule === 'M05'),
        f
      ).toEqual([])
    }
  })
})
