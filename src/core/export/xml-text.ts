/**
 * Text as XML 1.0 can hold it, for the .xlsx and .docx writers. ExcelJS and docx drop the C0
 * control characters themselves but let U+FFFE and U+FFFF through, which XML forbids: LibreOffice
 * refused to open such a notices document ("source file could not be loaded"), and Excel calls
 * such a workbook damaged. They reach a cell through quoted report text (a mojibake PDF's M03
 * quotes its garbage), a file name or a reviewer's pasted note. Lone surrogate halves become
 * U+FFFD too, as they would when the file is encoded.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what XML forbids
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function xmlText(s: string): string {
  return s.replace(NOT_XML, c => (c.charCodeAt(0) < 0x20 ? '' : '\uFFFD'))
}
