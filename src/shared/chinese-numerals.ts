/**
 * Numbers written in Chinese characters, as reports write them in two ways: digit by digit for a
 * year (二〇二三年) and with 十/百/千 for a quantity or a day (七十六件, 一百零五, 十六日).
 */

/** The digits; 两 for 2 in counts (两件), the letter O that typists use for 〇 in years. */
export const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  O: 0,
  o: 0,
  Ｏ: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9
}
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/**
 * A date's part: Arabic digits, 十 forms (十六, 二十, 三十一), or digit by digit (二〇二三);
 * undefined for anything else.
 */
export function dateNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return parseInt(s, 10)
  if (s.includes('十')) {
    const [tens, ones] = s.split('十')
    const t = tens === '' || tens === undefined ? 1 : CN_DIGITS[tens]
    const o = ones === '' || ones === undefined ? 0 : CN_DIGITS[ones]
    return t === undefined || o === undefined ? undefined : t * 10 + o
  }
  let n = 0
  for (const ch of s) {
    const d = CN_DIGITS[ch]
    if (d === undefined) return undefined
    n = n * 10 + d
  }
  return n
}

/** A quantity: 七十六 → 76, 一百零五 → 105, 两 → 2; null for what is not one (一二: digit by digit). */
export function chineseCount(s: string): number | null {
  let total = 0
  let digit: number | null = null
  for (const ch of s) {
    const d = CN_DIGITS[ch]
    const u = CN_UNITS[ch]
    if (d !== undefined) {
      if (digit !== null && digit !== 0) return null
      digit = d
    } else if (u !== undefined) {
      total += (digit ?? 1) * u
      digit = null
    } else return null
  }
  return total + (digit ?? 0)
}
