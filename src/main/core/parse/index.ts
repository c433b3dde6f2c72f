/**
 * DocumentModel → ParsedReport (the typed template). (Stub until the parser lands.)
 */
import type { DocumentModel } from '../../../shared/document'
import type { ParsedReport } from '../../../shared/model'

export function parseReport(doc: DocumentModel): ParsedReport {
  void doc
  return {
    agency: null,
    year: null,
    template: null,
    tables: { proactive: null, applications: null, reviewLitigation: null },
    title: null,
    period: null,
    headings: [],
    sections: [],
    tableLines: {},
    cellLines: {},
    labelIssues: [],
    rawCells: [],
    mixedTemplate: false,
    publicationDate: null,
    notes: []
  }
}

/** Text of one section's body (heading excluded), joined by newlines; '' when absent. */
export function sectionText(doc: DocumentModel, report: ParsedReport, id: number): string {
  const s = report.sections.find(x => x.id === id)
  if (!s) return ''
  return doc.lines.slice(s.line, s.endLine).join('\n')
}
