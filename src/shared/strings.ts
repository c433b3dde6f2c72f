/**
 * String helpers pure enough for every layer: a bounded memo for string → value functions, and the
 * Dice similarity the parser (labels) and the cross-year rules (Y03, whole sections) both use.
 */

/**
 * Pure string → string functions called for every cell of every table against every template label:
 * remembering recent answers makes ingest several times faster (bench/, issue #8). Bounded so that
 * a long-running app does not grow without limit.
 *
 * Keys and string values are stored as copies: a label sliced from a line or a document's text is a
 * V8 sliced string that keeps its whole parent alive, so 20,000 cached labels held ~50 MB per parse
 * worker (~2.5 KB each) instead of ~2 MB.
 */
export function memo<T>(fn: (s: string) => T, max = 20_000): (s: string) => T {
  let cache = new Map<string, T>()
  return (s: string): T => {
    const hit = cache.get(s)
    if (hit !== undefined || cache.has(s)) return hit as T
    const v = fn(s)
    if (cache.size >= max) cache = new Map()
    cache.set(detach(s), (typeof v === 'string' ? detach(v) : v) as T)
    return v
  }
}

/**
 * A copy of `s` that shares no memory with the string it was sliced from: concatenation makes a
 * cons string and slicing it flattens it into a fresh one (V8; on other engines just a copy).
 */
function detach(s: string): string {
  return (' ' + s).slice(1)
}

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>()
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2)
    m.set(g, (m.get(g) ?? 0) + 1)
  }
  return m
}

// Few distinct labels recur (the template's); a small cache holds them without holding every found label's map.
const bigramsOf = memo(bigrams, 2_000)

/** Dice coefficient over character bigrams of two strings (0..1). */
export function dice(a: string, b: string): number {
  if (a === b) return 1
  if (a.length < 2 || b.length < 2) return 0
  // Labels recur and are cached; long texts (Y03 compares whole sections) are not kept.
  const A = a.length <= 120 ? bigramsOf(a) : bigrams(a)
  const B = b.length <= 120 ? bigramsOf(b) : bigrams(b)
  let common = 0
  for (const [g, n] of A) common += Math.min(n, B.get(g) ?? 0)
  return (2 * common) / (a.length - 1 + (b.length - 1))
}
