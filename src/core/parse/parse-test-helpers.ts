/** Test helpers for the parser tests: load corpus files and parse text. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ParsedReport } from '../../shared/model'
import { extractText } from '../extract/text'
import { parseReport } from './index'

const CORPUS = join(__dirname, '../../../../shared/corpus')

export const CORPUS_SAMPLES = {
  zhongweiJiguan: '000_051f95df41851f1c.txt',
  zhongweiMinzheng: '001_0a6fcc7805cba63f.txt',
  shapotouZhengwu: '002_4dd3a57cffab60e6.txt',
  chuanhui: '003_af8fd19025225cb0.txt',
  xingren: '004_e6e4943c46b535d8.txt'
} as const

export function sample(name: string): string {
  return readFileSync(join(CORPUS, 'samples', name), 'utf8')
}

export function real(name: string): string {
  return readFileSync(join(CORPUS, 'real', name), 'utf8')
}

export function parseText(text: string): ParsedReport {
  return parseReport(extractText(text))
}
