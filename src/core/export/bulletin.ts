/**
 * The 通报 that closes a year's review (关于20XX年度政府信息公开工作年度报告审查情况的通报): one Word
 * document in the 公文 layout of the 整改意见 (gongwen.ts), sent to every unit. It says how many units
 * had to report and how many did, on time or late; names the units that did not report or were
 * late; gives the problems by rule group with counts and real examples quoted from open findings;
 * tables the units with most problems (the ranking, its weights said); asks for rectification by the
 * deadline; ends with the issuing office and date (设置 › 单位信息). Every unit's score and rank
 * follow as its 附件. Dismissed findings are never counted, ranked or quoted.
 *
 * `bulletinDocument` is pure (the data in, the document out) so its content and a 2,000-unit
 * document are tested without a corpus; `exportBulletin` reads the data from the store.
 */
import path from 'node:path'
import { Document, Packer, type Paragraph, type Table } from 'docx'
import {
  chineseDate,
  officeDates,
  percent,
  type OfficeSettings,
  type Ranking,
  type RankingRow
} from '../../shared/ranking'
import { RULE_GROUPS, RULE_GROUP_NAMES, RULES } from '../../shared/rules'
import { writeWhole } from '../fs/write-whole'
import type { Store } from '../store/index'
import {
  problemsByGroup,
  readRanking,
  unaddressedFiles,
  type GroupProblems
} from '../store/queries/ranking'
import {
  BODY,
  HEADING,
  HEADING1,
  TABLE_STYLES,
  bodyParagraph,
  section,
  signature,
  textTable,
  titleParagraph
} from './gongwen'

export interface BulletinData {
  ranking: Ranking & { year: number; coverage: NonNullable<Ranking['coverage']> }
  problems: GroupProblems[]
  /** Files in which no unit was found (not ranked; said so). */
  unaddressed: number
  office: OfficeSettings
  /** The day the document is made (the default issuing date). */
  now: Date
}

/** Units tabled in the body (the rest in the 附件): a 通报 names the worst, not everyone. */
export const BODY_TABLE_ROWS = 20

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

export function bulletinTitle(year: number): string {
  return `关于${year}年度政府信息公开工作年度报告审查情况的通报`
}

/** 甲、乙、丙 (n 家) or 无. */
function names(list: readonly string[]): string {
  return list.length === 0 ? '无' : list.join('、')
}

function weightsText(r: Ranking): string {
  const w = r.weights
  return `未报送每家计 ${w.missing} 分，逾期报送计 ${w.late} 分，每个错误计 ${w.error} 分，每个警告计 ${w.warning} 分，已忽略的问题不计`
}

/** Two characters a group, so a ten-column table keeps one line of header on A4. */
const GROUP_SHORT: Record<(typeof RULE_GROUPS)[number], string> = {
  S: '结构',
  T: '表格',
  A: '勾稽',
  N: '文表',
  Y: '跨年',
  M: '收集'
}
const STATUS_SHORT: Record<RankingRow['status'], string> = {
  onTime: '按时',
  late: '逾期',
  undated: '日期不明',
  missing: '未报送',
  unlisted: '名单外'
}
const RANK_HEADER = [
  '排名',
  '单位',
  '得分',
  '报送',
  '错误',
  '警告',
  ...RULE_GROUPS.map(g => GROUP_SHORT[g])
]
const RANK_WIDTHS = [5, 27, 6, 9.5, 5, 5, 5, 5, 5, 5, 5, 5]

function rankCells(r: RankingRow): string[] {
  return [
    String(r.rank),
    r.agency,
    String(r.score),
    STATUS_SHORT[r.status],
    String(r.errors),
    String(r.warnings),
    ...RULE_GROUPS.map(g => String(r.byGroup[g]))
  ]
}

/** The example quoted: the finding's own words, the unit named; quotes inside become ‘’. */
function exampleText(e: GroupProblems['examples'][number]): string {
  const words = e.message
    .replace(/[。．.]$/, '')
    .replace(/“/g, '‘')
    .replace(/”/g, '’')
  return `${e.agency}：“${words}”`
}

export function bulletinDocument(d: BulletinData): {
  doc: Document
  units: number
  findings: number
} {
  const { ranking: r, office } = d
  const c = r.coverage
  const { issuedOn, rectifyBy } = officeDates(office, d.now)
  const body: Array<Paragraph | Table> = [titleParagraph(bulletinTitle(r.year))]
  body.push(bodyParagraph(`${office.addressee}：`, BODY, true))
  body.push(
    bodyParagraph(
      `根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》的要求，` +
        `${office.issuer}对各单位${r.year}年度政府信息公开工作年度报告进行了审查。现将有关情况通报如下：`
    )
  )
  let h = 0
  const heading = (text: string): void => {
    body.push(bodyParagraph(`${CN_NUMBERS[h++]}、${text}`, HEADING1))
  }

  // 一、总体情况
  const findings = r.rows.reduce((n, u) => n + u.errors + u.warnings + u.infos, 0)
  const errors = r.rows.reduce((n, u) => n + u.errors, 0)
  const warnings = r.rows.reduce((n, u) => n + u.warnings, 0)
  const infos = findings - errors - warnings
  // A share of the submitted units: with a roster, of the roster's units (名单外 agencies are not
  // among the submitted, though their findings are counted and they are ranked in the annex).
  const withProblems = r.rows.filter(
    u => u.errors + u.warnings > 0 && !(c.fromRoster && u.status === 'unlisted')
  ).length
  heading('总体情况')
  body.push(
    bodyParagraph(
      `本年度应报送年度报告的单位 ${c.required} 家，已报送 ${c.submitted} 家，报送率 ${percent(c.submitted, c.required)}。` +
        `其中按时报送 ${c.onTime} 家，占 ${percent(c.onTime, c.required)}；逾期报送 ${c.late} 家，占 ${percent(c.late, c.required)}；` +
        (c.undated > 0
          ? `未能确定发布日期 ${c.undated} 家，占 ${percent(c.undated, c.required)}；`
          : '') +
        `未报送 ${c.missing.length} 家，占 ${percent(c.missing.length, c.required)}。` +
        (c.fromRoster ? '' : '（未导入应报送单位名单，应报送单位按已报送年度报告的单位统计。）')
    )
  )
  body.push(
    bodyParagraph(
      `经审查，${withProblems} 家单位的年度报告存在错误或警告，占已报送单位的 ${percent(withProblems, c.submitted)}，` +
        `共发现问题 ${findings} 个，其中错误 ${errors} 个、警告 ${warnings} 个` +
        `${infos > 0 ? `、提示 ${infos} 个` : ''}。` +
        (d.unaddressed > 0 ? `另有 ${d.unaddressed} 个文件未能识别出报送单位，未纳入统计。` : '')
    )
  )

  // 二、未报送和逾期报送的单位
  heading('未报送和逾期报送的单位')
  body.push(bodyParagraph(`未报送年度报告的单位（${c.missing.length} 家）：${names(c.missing)}。`))
  body.push(bodyParagraph(`逾期发布年度报告的单位（${c.late} 家）：${names(c.lateUnits)}。`))

  // 三、存在的主要问题
  heading('存在的主要问题')
  const groups = RULE_GROUPS.map(g => d.problems.find(p => p.group === g)).filter(
    (p): p is GroupProblems => !!p
  )
  if (groups.length === 0) body.push(bodyParagraph('本次审查未发现问题。'))
  groups.forEach((p, i) => {
    const rules = p.rules
      .slice(0, 4)
      .map(x => `${RULES[x.rule].name}（${x.findings} 个）`)
      .join('、')
    body.push(
      bodyParagraph(
        `（${CN_NUMBERS[i]}）${RULE_GROUP_NAMES[p.group]}方面。共 ${p.findings} 个问题，涉及 ${p.units} 家单位，主要是${rules}` +
          `${p.rules.length > 4 ? '等' : ''}。`,
        HEADING
      )
    )
    if (p.examples.length > 0)
      body.push(bodyParagraph(`例如，${p.examples.map(exampleText).join('；')}。`))
  })

  // 四、问题较多的单位
  heading('问题较多的单位')
  const worst = r.rows.filter(u => u.score > 0).slice(0, BODY_TABLE_ROWS)
  body.push(
    bodyParagraph(
      `按照本次审查的计分办法（${weightsText(r)}），得分从高到低，问题较多的 ${worst.length} 家单位如下` +
        `${r.rows.length > worst.length ? '，全部单位的得分和排名见附件' : ''}：`
    )
  )
  if (worst.length > 0) body.push(textTable(RANK_HEADER, worst.map(rankCells), RANK_WIDTHS))
  else body.push(bodyParagraph('无。'))

  // 五、整改要求
  heading('整改要求')
  body.push(
    bodyParagraph(
      `请存在问题的单位对照本通报和整改意见逐项核实整改，于${chineseDate(rectifyBy)}前更正并重新发布年度报告，` +
        `同时将整改情况报送${office.issuer}。` +
        (c.missing.length > 0 ? '未报送的单位须在上述期限内补报。' : '') +
        '各单位要对照《中华人民共和国政府信息公开工作年度报告格式》做好下一年度报告的编制和发布工作，确保按时、规范、准确。'
    )
  )
  body.push(...signature(office.issuer, chineseDate(issuedOn)))

  const sections = [section(body)]
  if (r.rows.length > worst.length) {
    sections.push(
      section(
        [
          bodyParagraph('附件', HEADING1, true),
          titleParagraph(`${r.year}年度各单位年度报告审查得分及排名`),
          bodyParagraph(`计分办法：${weightsText(r)}。`),
          textTable(RANK_HEADER, r.rows.map(rankCells), RANK_WIDTHS)
        ],
        false
      )
    )
  }
  const doc = new Document({
    creator: '年报审查台',
    title: bulletinTitle(r.year),
    styles: { paragraphStyles: TABLE_STYLES },
    sections
  })
  return { doc, units: r.rows.length, findings }
}

export interface BulletinOptions {
  file: string
  /** Default: the latest year with reports. */
  year?: number
  roots?: string[]
  now?: Date
}

export class NoReports extends Error {
  override readonly name = 'NoReports'
}

export async function exportBulletin(
  store: Store,
  opts: BulletinOptions
): Promise<{ file: string; year: number; units: number; findings: number }> {
  const settings = await store.getSettings()
  const ranking = await readRanking(store.db, settings.scoreWeights, {
    ...(opts.year !== undefined ? { year: opts.year } : {}),
    ...(opts.roots ? { roots: opts.roots } : {})
  })
  if (ranking.year === null || ranking.coverage === null || ranking.rows.length === 0)
    throw new NoReports(
      opts.year === undefined ? '没有可通报的年度报告' : `${opts.year} 年度没有可通报的年度报告`
    )
  const data: BulletinData = {
    ranking: { ...ranking, year: ranking.year, coverage: ranking.coverage },
    problems: await problemsByGroup(store.db, ranking.year, opts.roots),
    unaddressed: await unaddressedFiles(store.db, ranking.year, opts.roots),
    office: settings.office,
    now: opts.now ?? new Date()
  }
  const out = bulletinDocument(data)
  const target = path.resolve(opts.file)
  await writeWhole(target, await Packer.toBuffer(out.doc))
  return { file: target, year: ranking.year, units: out.units, findings: out.findings }
}
