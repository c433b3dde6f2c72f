/**
 * The review screen's side-by-side view of a Y05 finding: both passages cut into sentences, each
 * marked shared when the other passage has the same sentence compared as Y05 compares it (no
 * numbers, punctuation, quoted titles or the two units' names). Pure: the renderer runs it on the
 * two reports' lines.
 */

export interface MarkedSentence {
  text: string
  shared: boolean
}

const NOT_WORD = /[^\p{Script=Han}A-Za-z]+/gu
const QUOTED_TITLE = /《[^《》]{0,80}》/gu
/** Shortest sentence worth marking (“无。” in both is not a copy). */
const MIN_SENTENCE = 6

/** The name forms a unit uses of itself: the whole name and its tails (沙坡头区兴仁镇 → 兴仁镇). */
function nameForms(names: string[]): string[] {
  const out = new Set<string>()
  for (const n of names) {
    const name = n.replace(NOT_WORD, '')
    for (let i = 0; i + 3 <= name.length; i++) out.add(name.slice(i))
  }
  return [...out].sort((a, b) => b.length - a.length)
}

function key(sentence: string, names: string[]): string {
  let t = sentence.normalize('NFKC').replace(QUOTED_TITLE, '').replace(NOT_WORD, '')
  for (const n of names) if (t.includes(n)) t = t.split(n).join('')
  return t
}

/** Sentences with their ending punctuation kept, so that joined they give the passage back. */
function sentences(text: string): string[] {
  const out: string[] = []
  let cur = ''
  for (const ch of text) {
    cur += ch
    if ('。！？；\n'.includes(ch)) {
      out.push(cur)
      cur = ''
    }
  }
  if (cur) out.push(cur)
  return out
}

/** Both passages as sentences, those found in the other marked. `names`: both units' names. */
export function markShared(
  own: string,
  other: string,
  names: string[]
): { own: MarkedSentence[]; other: MarkedSentence[] } {
  const forms = nameForms(names)
  const a = sentences(own)
  const b = sentences(other)
  const keysOf = (xs: string[]): Set<string> =>
    new Set(xs.map(s => key(s, forms)).filter(k => k.length >= MIN_SENTENCE))
  const [ka, kb] = [keysOf(a), keysOf(b)]
  const mark = (xs: string[], there: Set<string>): MarkedSentence[] =>
    xs.map(text => {
      const k = key(text, forms)
      return { text, shared: k.length >= MIN_SENTENCE && there.has(k) }
    })
  return { own: mark(a, kb), other: mark(b, ka) }
}
