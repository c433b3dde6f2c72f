/**
 * `--own-text` (issue #23): each unit writes its own 总体情况 and 问题及改进, sentences drawn from a
 * phrase grammar seeded by (seed, unit, year, section), instead of the five samples' paragraphs
 * (bench/narrative.ts), under which nearly every sentence is in many units' reports and so the
 * template's. A known share of units copy one of those sections from another unit's report of the
 * same or the previous year (their own name put in): Y05 must find exactly those.
 *
 * The grammar is large enough that two units rarely write the same sentence, while sharing the
 * phrases every report uses — as real reports do — so the LSH index meets the ordinary overlap of
 * the genre, not only copies.
 */
import { YEARS, mix, pick, rng } from './corpus-data'

const LEAD = [
  '围绕',
  '聚焦',
  '紧扣',
  '立足',
  '坚持',
  '按照',
  '结合',
  '针对',
  '对照',
  '依托',
  '着眼',
  '紧盯',
  '瞄准',
  '锚定',
  '统筹'
]
const TOPIC = [
  '优化营商环境',
  '乡村振兴战略',
  '民生保障重点',
  '安全生产形势',
  '生态环境保护',
  '基层治理创新',
  '重大项目建设',
  '城市更新行动',
  '教育医疗服务',
  '防汛抗旱任务',
  '就业创业扶持',
  '养老托育需求',
  '市场主体培育',
  '耕地保护要求',
  '社会救助体系',
  '文旅融合发展',
  '交通基础设施',
  '数字政府建设',
  '招商引资工作',
  '财政资金绩效',
  '食品药品安全',
  '信访矛盾化解',
  '人居环境整治',
  '科技创新驱动',
  '住房保障供给',
  '水利工程管护',
  '退役军人服务',
  '残疾人权益保障',
  '森林防火责任',
  '农村集体资产'
]
const VERB = [
  '完善',
  '健全',
  '优化',
  '规范',
  '细化',
  '深化',
  '强化',
  '拓展',
  '改进',
  '充实',
  '更新',
  '梳理',
  '压实',
  '理顺',
  '创新'
]
const OBJECT = [
  '信息发布流程',
  '政策解读方式',
  '办事指南内容',
  '公开目录编制',
  '依申请办理机制',
  '新闻发布安排',
  '网站栏目设置',
  '政务新媒体矩阵',
  '公众参与渠道',
  '回应关切机制',
  '保密审查程序',
  '档案管理制度',
  '数据开放清单',
  '意见征集环节',
  '解读材料审核',
  '基层公开标准',
  '村务公开栏目',
  '重点领域专栏',
  '便民服务事项',
  '考核评议办法'
]
const MANNER = [
  '通过召开专题会议',
  '借助线上线下平台',
  '依托便民服务中心',
  '采取图文并茂形式',
  '组织业务骨干培训',
  '邀请群众代表参与',
  '开展实地走访调研',
  '运用短视频直播',
  '联合相关职能部门',
  '利用公开日活动',
  '通过发放明白纸',
  '借助村级广播',
  '开展集中宣传月',
  '依托政务服务热线',
  '组织第三方评估'
]
const RESULT = [
  '群众获得感明显增强',
  '公开质量稳步提升',
  '办理时效持续缩短',
  '社会关切得到及时回应',
  '政策知晓率显著提高',
  '工作合力逐步形成',
  '服务效能不断提升',
  '公开内容更加精准',
  '群众满意度有所提高',
  '信息查询更加便捷',
  '制度执行更加有力',
  '公开工作更加规范',
  '舆情处置更加高效',
  '基础台账更加完备',
  '企业群众办事更加顺畅'
]
const LACK = [
  '政策解读的针对性',
  '信息更新的及时性',
  '公开内容的完整性',
  '栏目设置的合理性',
  '回应关切的主动性',
  '业务人员的专业能力',
  '基层公开的规范程度',
  '数据发布的准确性',
  '公众参与的广泛性',
  '新媒体运营的活跃度',
  '办事指南的实用性',
  '依申请答复的说理性',
  '考核评议的约束力',
  '部门之间的协同性',
  '保密审查的严谨性'
]
const SHORT = [
  '仍有差距',
  '还需加强',
  '有待提高',
  '尚显不足',
  '不够到位',
  '存在短板',
  '亟需改进',
  '仍待完善'
]
const NEXT = ['下一步', '今后', '新的一年', '接下来', '在今后工作中', '下阶段', '针对上述问题']
const WILL = ['将进一步', '将持续', '将着力', '将切实', '将不断', '将认真', '将继续', '将全面']

function sentence1(r: () => number, agency: string | null): string {
  const who = agency ?? ''
  return `${who}${pick(r, LEAD)}${pick(r, TOPIC)}，${pick(r, MANNER)}，${pick(r, VERB)}${pick(r, OBJECT)}，${pick(r, RESULT)}。`
}

function sentence5(r: () => number, i: number): string {
  if (i % 2 === 0)
    return `${'一二三四五六'[i / 2] ?? '另'}是${pick(r, LACK)}${pick(r, SHORT)}，${pick(r, OBJECT)}${pick(r, SHORT)}。`
  return `${pick(r, NEXT)}，${pick(r, WILL)}${pick(r, VERB)}${pick(r, OBJECT)}，${pick(r, MANNER)}，推动${pick(r, TOPIC)}中的${pick(r, OBJECT)}落到实处。`
}

/** A unit's own paragraphs of section 1 or 5 for a year (deterministic). */
export function ownParagraphs(
  seed: number,
  unit: number,
  agency: string,
  year: number,
  section: 1 | 5
): string[] {
  const r = rng(mix(seed, unit, year, section, 0x07e7))
  const paragraphs: string[] = []
  const n = section === 1 ? 3 : 2
  for (let p = 0; p < n; p++) {
    const k = 2 + Math.floor(r() * 3)
    const out: string[] = []
    for (let i = 0; i < k; i++)
      out.push(
        section === 1 ? sentence1(r, p === 0 && i === 0 ? agency : null) : sentence5(r, p * 4 + i)
      )
    paragraphs.push(out.join(''))
  }
  return paragraphs
}

/** A section copied from another unit's report (`--own-text`). */
export interface CopiedSection {
  section: 1 | 5
  /** Agency index and year of the report copied. */
  fromUnit: number
  fromYear: number
}

/** Whether the report of `unit` for `year` copies a section, and which (its first two draws). */
function copies(seed: number, unit: number, year: number, rate: number): (() => number) | null {
  const r = rng(mix(seed, unit, year, 0xc0b1))
  return r() < rate ? r : null
}

function copiedSectionOf(r: () => number): 1 | 5 {
  return r() < 0.5 ? 1 : 5
}

/**
 * Whether (and what) the report of `unit` for `year` copies: with probability `rate`, one section
 * of another unit's report (among the first `units`, which have every year) of the same or the
 * previous year. Never from a report that itself copied that section: every copy has one source.
 */
export function copiedSection(
  seed: number,
  unit: number,
  year: number,
  units: number,
  rate: number
): CopiedSection | null {
  if (units < 2) return null
  const r = copies(seed, unit, year, rate)
  if (!r) return null
  const section = copiedSectionOf(r)
  const fromYear = year > YEARS[0] && r() < 0.5 ? year - 1 : year
  for (let tries = 0; tries < 20; tries++) {
    const fromUnit = Math.floor(r() * units)
    if (fromUnit === unit) continue
    const theirs = copies(seed, fromUnit, fromYear, rate)
    if (theirs && copiedSectionOf(theirs) === section) continue
    return { section, fromUnit, fromYear }
  }
  return null
}
