/**
 * Narrative for synthetic reports, taken from the five real samples (shared/corpus/samples): the
 * paragraphs of sections 1, 5 and 6, with the sample's agency and year replaced. Sentences about
 * applications, reviews, litigation and fees are dropped here because the generator writes its own
 * (they must agree with the generated tables, or carry an injected N01 on purpose).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const SAMPLES_DIR = join(__dirname, '../../shared/corpus/samples')

export interface SampleNarrative {
  agency: string
  year: number
  /** Paragraphs of 一、总体情况 (minus application/review sentences). */
  overview: string[]
  /** Paragraphs of 五、存在的主要问题及改进情况. */
  problems: string[]
  /** Paragraphs of 六、其他需要报告的事项 (minus the fee statement). */
  other: string[]
}

const HEADING =
  /^\s*([一二三四五六])\s*、\s*(总体情况|主动公开|收到和处理|政府信息公开行政复议|存在的|政府信息公开工作存在|其他需要报告)/
const SECTION_OF: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 }
/** Sentences the generator states itself, from the tables. */
const OWN_TOPICS = /申请|复议|诉讼|信息处理费/

function keepSentences(paragraph: string): string {
  return paragraph
    .split(/(?<=[。；])/)
    .filter(s => !OWN_TOPICS.test(s))
    .join('')
    .trim()
}

export function readSample(text: string): SampleNarrative {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const first = lines.map(l => l.trim()).filter(Boolean)
  const titleLine = first[0] ?? ''
  const agency = titleLine.replace(/\s*\d{4}\s*年.*$/, '').trim()
  const year = Number(/(\d{4})\s*年/.exec(first.slice(0, 3).join(' '))?.[1] ?? 2023)
  const bodies: Record<number, string[]> = {}
  let section = 0
  for (const raw of lines) {
    if (raw.includes('\t')) continue
    const h = HEADING.exec(raw)
    if (h?.[1]) {
      section = SECTION_OF[h[1]] ?? section
      continue
    }
    const t = raw.trim()
    if (!t || section === 0) continue
    const kept = section === 5 ? t : keepSentences(t)
    // Page-break fragments of a few characters read as noise once moved; keep real paragraphs.
    if (kept.length < 12) continue
    ;(bodies[section] ??= []).push(kept)
  }
  return {
    agency,
    year,
    overview: bodies[1] ?? [],
    problems: bodies[5] ?? [],
    other: bodies[6] ?? []
  }
}

let cache: SampleNarrative[] | null = null

/** The five samples' narratives, read once. */
export function sampleNarratives(dir = SAMPLES_DIR): SampleNarrative[] {
  if (cache) return cache
  const files = readdirSync(dir)
    .filter(f => f.endsWith('.txt'))
    .sort()
  cache = files.map(f => readSample(readFileSync(join(dir, f), 'utf8')))
  if (cache.length === 0) throw new Error(`no samples in ${dir}`)
  return cache
}

/** A sample paragraph moved to another agency and year. */
export function adapt(p: string, from: SampleNarrative, agency: string, year: number): string {
  let s = p
  if (from.agency) s = s.split(from.agency).join(agency)
  return s
    .replace(new RegExp(`${from.year + 1}(\\s*年)`, 'g'), `${year + 1}$1`)
    .replace(new RegExp(`${from.year}(\\s*年)`, 'g'), `${year}$1`)
    .replace(new RegExp(`${from.year - 1}(\\s*年)`, 'g'), `${year - 1}$1`)
}
