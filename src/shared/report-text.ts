/**
 * Reading a parsed report's text back from its document: a section's body (the rules, the store's
 * Y03 text, the parser) and whether a document shows a report at all (the pipeline's M03).
 */
import type { DocumentModel } from './document'
import type { ParsedReport } from './model'

/**
 * Text of one section's body (heading line excluded), joined by newlines; '' when absent. Crawler
 * text keeps several sections on one line (corpus/real 010–016): there the body is the slice of the
 * line between this heading and the next.
 */
export function sectionText(doc: DocumentModel, report: ParsedReport, id: number): string {
  const s = report.sections.find(x => x.id === id)
  if (!s) return ''
  const pos = (h: { line: number; offset?: number }): number => h.line * 1e7 + (h.offset ?? 0)
  const next = report.headings
    .filter(h => h.id !== s.id && pos(h) > pos(s))
    .sort((a, b) => pos(a) - pos(b))[0]
  const line = doc.lines[s.line - 1] ?? ''
  // The heading may be followed by body text on its own line (`五、存在的主要问题及改进情况（一）…`,
  // corpus/real pingtan *_cells): that text belongs to the section.
  const at = s.offset ?? Math.max(0, line.indexOf(s.heading))
  const start = at + s.heading.length
  if (next && next.line === s.line) return line.slice(start, next.offset ?? line.length).trim()
  const head = line.slice(start)
  const end = next ? next.line - 1 : s.endLine
  const rest = doc.lines.slice(s.line, end)
  if (next && next.offset !== undefined)
    rest.push((doc.lines[next.line - 1] ?? '').slice(0, next.offset))
  return [head, ...rest].join('\n').trim()
}

/** Whether any table holds at least one number (a table found by its heading alone holds none). */
function anyNumber(v: unknown): boolean {
  if (typeof v === 'number') return true
  return v !== null && typeof v === 'object' && Object.values(v).some(anyNumber)
}

/**
 * Whether the document shows the annual report itself: a statistics table with numbers in it, or
 * a section with something written under it (a report's first page alone shows its 总体情况). A document *about* a report shows neither, only
 * its title and the names of its sections, tables and rows: the supervisor's own 整改意见 read back
 * from a folder (关于…年度报告的审查意见, quoting row labels) got 40 findings, six S01 and twenty
 * T03 among them; a 报送通知 listing the six headings the report must have got S03, S04, S05 and
 * three T01. An agency's 整改情况报告 or a 印发 notice without its attachment reads the same.
 * Crawler text whose tables are unreadable (corpus/real 010–016) still shows its sections.
 */
export function showsReport(report: ParsedReport, doc: DocumentModel): boolean {
  if (anyNumber(report.tables)) return true
  // 30 characters: more than the 附件 and signature lines under a notice's last listed heading.
  return report.sections.some(s => sectionText(doc, report, s.id).replace(/\s/g, '').length >= 30)
}
