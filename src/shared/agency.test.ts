import { describe, expect, it } from 'vitest'
import { inferAgencyLevel, isCountyLevel, normalizeAgencyName } from './agency'

describe('normalizeAgencyName', () => {
  it('folds width, spaces and brackets so yearly spellings meet', () => {
    expect(normalizeAgencyName('中卫市 民政局')).toBe(normalizeAgencyName('中卫市民政局'))
    expect(normalizeAgencyName('沭阳县人民政府（办公室）')).toBe('沭阳县人民政府(办公室)')
    expect(normalizeAgencyName('ＡＢ局')).toBe('AB局')
  })
  it('drops a trailing （本级） but keeps a real qualifier', () => {
    expect(normalizeAgencyName('中卫市民政局（本级）')).toBe('中卫市民政局')
    expect(normalizeAgencyName('中卫市民政局(本级)')).toBe('中卫市民政局')
    expect(normalizeAgencyName('中卫市民政局（救助站）')).not.toBe('中卫市民政局')
  })
  it('drops Markdown emphasis', () => {
    expect(normalizeAgencyName('**平潭综合实验区**')).toBe('平潭综合实验区')
  })
})

describe('inferAgencyLevel', () => {
  it.each([
    ['川汇区机关事务中心', 'department'],
    ['中卫市机关事务服务中心', 'department'],
    ['中卫市民政局', 'department'],
    ['上海市人民政府办公厅', 'department'],
    ['沭阳县发展和改革局', 'department'],
    ['沙坡头区兴仁镇', 'township'],
    ['兴仁镇人民政府', 'township'],
    ['中卫市沙坡头区文昌街道办事处', 'township'],
    ['平潭综合实验区', 'government'],
    ['沭阳县人民政府', 'government'],
    ['川汇区政府', 'government']
  ] as const)('%s → %s', (name, level) => {
    expect(inferAgencyLevel(name)).toBe(level)
  })
})

describe('isCountyLevel', () => {
  it.each([
    ['川汇区机关事务中心', true],
    ['沙坡头区兴仁镇', true],
    ['沭阳县发展和改革局', true],
    ['中卫市民政局', false],
    ['上海市人民政府办公厅', false],
    ['平潭综合实验区', false],
    ['宁夏回族自治区民政厅', false]
  ] as const)('%s → %s', (name, county) => {
    expect(isCountyLevel(name)).toBe(county)
  })
})
