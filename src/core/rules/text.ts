/**
 * Text against tables, N01–N02: what the narrative says about applications received and about
 * 行政复议 / 行政诉讼, against the tables. The narrative is section 1 plus any prose in sections 3
 * and 4 outside their tables. Patterns are deliberately narrow: a sentence must name the thing
 * (申请 / 复议 / 诉讼) next to a receiving verb or a negation, because sample 000 writes
 * 未收到任何形式的政府信息公开申请，不存在行政复议与行政诉讼情况 and sample 004
 * 未出现因信息公开申请行政复议及提起行政，诉讼情况 — both true of their all-zero tables.
 */
import type { Finding } from '../../shared/rules'
import type { ReviewGroup } from '../../shared/template'
import { chineseCount } from '../../shared/chinese-numerals'
import { cellLine, lines, sumOf } from './access'
import type { ReportInput } from './context'
import { TABLE_LABELS, appRowLabel, finding, fmtNum, q, reviewGroupLabel } from './messages'

export interface Sentence {
  text: string
  line: number
}

/** Narrative sentences of sections 1, 3 and 4, table lines excluded, normalised (NFKC, no spaces). */
export function narrative(input: ReportInput): Sentence[] {
  const { report, doc } = input
  const inTable = (n: number): boolean =>
    Object.values(report.tableLines).some(r => r !== undefined && n >= r[0] && n <= r[1])
  const out: Sentence[] = []
  for (const s of report.sections) {
    if (s.id !== 1 && s.id !== 3 && s.id !== 4) continue
    // From the heading line itself: crawler text runs the body on after the heading (corpus/real 010).
    for (let n = s.line; n <= s.endLine; n++) {
      const raw = doc.lines[n - 1]
      if (raw === undefined || raw.includes('\t') || inTable(n)) continue
      const text = raw
        .normalize('NFKC')
        .replace(/\*\*/g, '')
        .replace(/[\s\u3000]+/g, '')
      for (const part of text.split(/[。；;!?！？]/)) if (part) out.push({ text: part, line: n })
    }
  }
  return out
}

const RECEIVE = '(?:收到|接到|受理|接收|新收)'
const NO_APPLICATIONS = new RegExp(`(?:未|没有|无)${RECEIVE}[^。；]{0,20}?申请`)
/**
 * A count: digits before 件/条/个/份, or Chinese numerals before 件 only (收到申请七十六件, 两件);
 * before 个 they read 收到申请后一个月内 as one application.
 */
const COUNT = '(?:(\\d+)(?:件|条|个|份)|([零〇一二两三四五六七八九十百千]{1,8})件)'
/** 收到政府信息公开申请75件 / 申请共计81件 */
const COUNT_AFTER = new RegExp(`${RECEIVE}[^。；，,\\d]{0,25}?申请[^。；，,\\d]{0,6}?${COUNT}`)
/** 共收到70件申请 */
const COUNT_BEFORE = new RegExp(`${RECEIVE}[^。；，,\\d]{0,10}?${COUNT}[^。；，,\\d]{0,10}?申请`)

/** N01: "no applications" against received > 0, or a stated number unlike the table's. */
export function applicationsText(input: ReportInput, sentences = narrative(input)): Finding[] {
  const { report } = input
  const apps = report.tables.applications
  const received = apps?.['received']?.total ?? null
  if (received === null) return []
  const carried = apps?.['carriedOver']?.total ?? null
  const where = `${q(TABLE_LABELS.applications)}表${q(appRowLabel('received'))}${q('总计')}`
  const ev = (
    line: number,
    actual: number | string
  ): Omit<Finding, 'rule' | 'severity' | 'message'> => ({
    table: 'applications' as const,
    row: 'received',
    column: 'total',
    expected: received,
    actual,
    lines: lines(line, cellLine(report, 'applications', 'received', 'total'))
  })
  for (const s of sentences) {
    // Every pattern below needs 申请 in the sentence.
    if (!s.text.includes('申请')) continue
    if (/复议|诉讼/.test(s.text.match(NO_APPLICATIONS)?.[0] ?? '')) continue
    if (NO_APPLICATIONS.test(s.text)) {
      if (received > 0) {
        return [
          finding(
            'N01',
            `正文称${q(s.text)}，但${where}为 ${fmtNum(received)} 件，文表不一致。`,
            ev(s.line, s.text)
          )
        ]
      }
      continue
    }
    const m = COUNT_AFTER.exec(s.text) ?? COUNT_BEFORE.exec(s.text)
    if (!m || /复议|诉讼|办结|答复/.test(m[0])) continue
    const stated = m[1] !== undefined ? Number(m[1]) : chineseCount(m[2] ?? '')
    if (stated === null) continue
    // 共受理申请X件 sometimes counts last year's carried-over applications too.
    if (stated === received || (carried !== null && stated === received + carried)) return []
    return [
      finding(
        'N01',
        `正文称本年收到政府信息公开申请 ${fmtNum(stated)} 件（${q(s.text)}），与${where}（${fmtNum(received)} 件）不一致。`,
        ev(s.line, stated)
      )
    ]
  }
  return []
}

/** A negation before 复议/诉讼; a bare 无 only right before it (无行政复议), as 无 is everywhere. */
const NO_CASE = new RegExp(
  '(?:(?:未发生|未出现|未收到|未产生|未涉及|未有|没有|不存在)[^。；]{0,25}?|无[^。；，,]{0,6}?)(?:复议|诉讼)'
)

type Term = '行政复议' | '行政诉讼'

/** `行政复议3件` / `3件行政复议`, compiled once per term (this runs for every narrative sentence). */
const STATED: Record<Term, [RegExp, RegExp]> = {
  行政复议: stated('行政复议'),
  行政诉讼: stated('行政诉讼')
}

/**
 * The count before the term starts where its digits start (`(?<!\d)`): else every digit of a long
 * run was tried as a start, quadratic (a sentence of 550,000 digits took 116 s; regex-safety.test).
 * The leftmost match began at a run's first digit anyway, so the counts read are the same.
 */
function stated(term: Term): [RegExp, RegExp] {
  return [
    new RegExp(`${term}(?:案件)?[^。；，,\\d]{0,8}?(\\d+)(?:件|起|宗|例)`),
    new RegExp(`(?<!\\d)(\\d+)(?:件|起|宗|例)[^。；，,\\d]{0,4}?${term}`)
  ]
}

function statedCount(text: string, term: Term): number | null {
  if (!text.includes(term)) return null
  const [after, before] = STATED[term]
  const m = after.exec(text) ?? before.exec(text)
  return m ? Number(m[1]) : null
}

/** N02: "no 行政复议/行政诉讼" against a total > 0, or a stated number unlike the table's. */
export function reviewText(input: ReportInput, sentences = narrative(input)): Finding[] {
  const { report } = input
  const rl = report.tables.reviewLitigation
  if (!rl) return []
  const review = rl.review?.total ?? null
  const direct = rl.litigationDirect?.total ?? null
  const after = rl.litigationAfterReview?.total ?? null
  const litigation = sumOf([direct, after])
  const out: Finding[] = []
  const done = { review: false, litigation: false }
  const groupLine = (g: ReviewGroup): number | undefined =>
    cellLine(report, 'reviewLitigation', g, 'total')
  for (const s of sentences) {
    // Everything below needs 复议 or 诉讼 in the sentence.
    if (!s.text.includes('复议') && !s.text.includes('诉讼')) continue
    // 未经复议直接起诉 is a column header; 未发生…被纠错 denies a correction, not a case.
    const text = s.text.replace(/未经复议/g, '')
    if (/纠错|纠正/.test(text)) continue
    const neg = NO_CASE.exec(text)
    const negated = neg ? text.slice(neg.index) : ''
    // Negation reaching 复议 only when no number is stated for it ("无" as in 无一例 is not enough).
    if (!done.review && /复议/.test(negated) && statedCount(text, '行政复议') === null) {
      done.review = true
      if (review !== null && review > 0) {
        out.push(
          finding(
            'N02',
            `正文称${q(s.text)}，但${q(TABLE_LABELS.reviewLitigation)}表${q(reviewGroupLabel('review'))}总计为 ${fmtNum(review)} 件，文表不一致。`,
            {
              table: 'reviewLitigation',
              group: 'review',
              column: 'total',
              expected: review,
              actual: s.text,
              lines: lines(s.line, groupLine('review'))
            }
          )
        )
      }
    }
    if (!done.litigation && /诉讼/.test(negated) && statedCount(text, '行政诉讼') === null) {
      done.litigation = true
      for (const [g, v] of [
        ['litigationDirect', direct],
        ['litigationAfterReview', after]
      ] as const) {
        if (v === null || v <= 0) continue
        out.push(
          finding(
            'N02',
            `正文称${q(s.text)}，但${q(TABLE_LABELS.reviewLitigation)}表${q(reviewGroupLabel(g))}总计为 ${fmtNum(v)} 件，文表不一致。`,
            {
              table: 'reviewLitigation',
              group: g,
              column: 'total',
              expected: v,
              actual: s.text,
              lines: lines(s.line, groupLine(g))
            }
          )
        )
      }
    }
    const rStated = done.review ? null : statedCount(text, '行政复议')
    if (rStated !== null) {
      done.review = true
      if (review !== null && rStated !== review) {
        out.push(
          finding(
            'N02',
            `正文称行政复议 ${fmtNum(rStated)} 件（${q(s.text)}），与${q(TABLE_LABELS.reviewLitigation)}表${q(reviewGroupLabel('review'))}总计（${fmtNum(review)} 件）不一致。`,
            {
              table: 'reviewLitigation',
              group: 'review',
              column: 'total',
              expected: review,
              actual: rStated,
              lines: lines(s.line, groupLine('review'))
            }
          )
        )
      }
    }
    const lStated = done.litigation ? null : statedCount(text, '行政诉讼')
    if (lStated !== null) {
      done.litigation = true
      if (litigation !== null && lStated !== litigation) {
        out.push(
          finding(
            'N02',
            `正文称行政诉讼 ${fmtNum(lStated)} 件（${q(s.text)}），与${q(TABLE_LABELS.reviewLitigation)}表行政诉讼两组总计之和（${fmtNum(litigation)} 件）不一致。`,
            {
              table: 'reviewLitigation',
              group: 'litigationDirect,litigationAfterReview',
              column: 'total',
              expected: litigation,
              actual: lStated,
              lines: lines(
                s.line,
                groupLine('litigationDirect'),
                groupLine('litigationAfterReview')
              )
            }
          )
        )
      }
    }
    if (done.review && done.litigation) break
  }
  return out
}

export function textRules(input: ReportInput): Finding[] {
  const sentences = narrative(input)
  return [...applicationsText(input, sentences), ...reviewText(input, sentences)]
}
