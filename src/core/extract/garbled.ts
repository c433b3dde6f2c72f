/**
 * A PDF or OFD whose text layer maps glyphs to the wrong characters: what it shows is right, what
 * it says is not. Ghostscript re-distilling a page Chrome printed turned 年度报告 into 度ç告
 * (fixture ../hand/chrome-040 through `gs -sDEVICE=pdfwrite`), and some writers embed fonts with no
 * usable ToUnicode map. Read as text it gave every section missing and a page of table findings.
 * Latin letters with diacritics, private-use code points and U+FFFD have no place in a Chinese
 * report: no fixture or corpus file has one; that file has 103 (4.7 %).
 */
const ODD = /[\u00c0-\u024f\ue000-\uf8ff\ufffd]/g

export function garbledReason(lines: string[]): string | null {
  let odd = 0
  let total = 0
  let sample = ''
  for (const line of lines) {
    total += line.replace(/\s/g, '').length
    const n = line.match(ODD)?.length ?? 0
    if (n > 0 && !sample) {
      const flat = line.replace(/\s+/g, ' ')
      const at = flat.search(ODD)
      sample = flat.slice(Math.max(0, at - 6), at + 6).trim()
    }
    odd += n
  }
  if (odd < 20 || odd < 0.01 * total) return null
  return `文字层编码有误：读出的文字是乱码（如“${sample}”），无法可靠审查；请使用原始文件，或先做文字识别（OCR）再审查`
}
