/**
 * normLabel is a one-pass rewrite of a chain of replace() calls (normLabelReference) made for
 * speed (bench/, issue #8): both must agree on every line of the corpus and on the odd characters
 * the chain handles one by one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { normLabel, normLabelReference } from './normalize'

const CORPUS = join(__dirname, '../../../../shared/corpus')

function corpusLines(): string[] {
  const out: string[] = []
  for (const dir of ['samples', 'real']) {
    for (const f of readdirSync(join(CORPUS, dir))) {
      if (!/\.(txt|md|html)$/.test(f)) continue
      out.push(...readFileSync(join(CORPUS, dir, f), 'utf8').split('\n'))
    }
  }
  return out
}

describe('normLabel', () => {
  it('equals the replace() chain on every corpus line and cell', () => {
    const lines = corpusLines()
    expect(lines.length).toBeGreaterThan(1500)
    let differ = 0
    for (const line of lines) {
      for (const s of [line, ...line.split('\t')]) {
        if (normLabel(s) !== normLabelReference(s)) differ++
      }
    }
    expect(differ).toBe(0)
  })

  it('equals it on white space, quotes, brackets, punctuation and markdown', () => {
    const odd = [
      '三、本 年度 办理 结果',
      '（三） 不予公 开',
      '“三安全一稳定”',
      '"三安全一稳定"',
      '【一】〔二〕［三］[四]',
      '**加粗**',
      '__下划__',
      '## 标题',
      '> 引用',
      '#  ',
      '*　*',
      '* *',
      'a|b｜c',
      '1．2.3、4，5,6：7:8；9;10。',
      '\u2003全角\u2009窄\u200a空\u202f格\u205f\ufeff',
      '「甲」『乙』〝丙〞＂丁＂＇戊＇`己`',
      'ａｂｃ１２３（）',
      '',
      ' ',
      '\t\n'
    ]
    for (const s of odd) expect(normLabel(s), JSON.stringify(s)).toBe(normLabelReference(s))
    // Characters picked at random from the ranges that matter, many times over.
    const pool = [
      ...' \t　\u00a0\u2000\u200a"\'“”‘’「」【】〔〕［］[]、，,：:；;。.．|*_#>1a中（）()'
    ]
    let seed = 7
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    for (let k = 0; k < 3000; k++) {
      const s = Array.from({ length: 1 + rnd(12) }, () => pool[rnd(pool.length)]).join('')
      expect(normLabel(s), JSON.stringify(s)).toBe(normLabelReference(s))
    }
  })
})
