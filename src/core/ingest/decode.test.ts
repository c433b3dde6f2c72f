import { readFileSync } from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText } from './decode'

const SAMPLE = path.resolve(__dirname, '../../../../shared/corpus/samples/000_051f95df41851f1c.txt')
const text = readFileSync(SAMPLE, 'utf8')

/** Deterministic bytes (mulberry32) so a failure is reproducible. */
function randomBytes(n: number, seed: number): Buffer {
  let a = seed
  const out = Buffer.alloc(n)
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return out
}

describe('decodeText', () => {
  it('reads plain UTF-8 as utf-8', () => {
    const r = decodeText(Buffer.from(text, 'utf8'))
    expect(r).toEqual({ ok: true, text, encoding: 'utf-8' })
  })

  it('strips a UTF-8 BOM', () => {
    const r = decodeText(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
    )
    expect(r).toEqual({ ok: true, text, encoding: 'utf-8' })
  })

  it('reads UTF-16LE and UTF-16BE with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')])
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])
    expect(decodeText(le)).toEqual({ ok: true, text, encoding: 'utf-16le' })
    expect(decodeText(be)).toEqual({ ok: true, text, encoding: 'utf-16be' })
  })

  it('reads BOM-less UTF-16LE', () => {
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toEqual({
      ok: true,
      text,
      encoding: 'utf-16le'
    })
  })

  it('falls back to GB18030 for a sample re-encoded with iconv-lite', () => {
    const gb = iconv.encode(text, 'gb18030')
    expect(gb.equals(Buffer.from(text, 'utf8'))).toBe(false)
    expect(decodeText(gb)).toEqual({ ok: true, text, encoding: 'gb18030' })
  })

  it('keeps a UTF-8 file cut inside a character as UTF-8, not GB18030 mojibake', () => {
    const bytes = Buffer.from(text, 'utf8')
    // Find a cut that lands inside a 3-byte character.
    let cut = 2000
    while ((bytes[cut]! & 0xc0) !== 0x80) cut++
    const r = decodeText(bytes.subarray(0, cut))
    expect(r.ok && r.encoding).toBe('utf-8')
    expect(r.ok && r.text.slice(0, 100)).toBe(text.slice(0, 100))
  })

  it('keeps a UTF-8 file with a few corrupt bytes as UTF-8', () => {
    const bytes = Buffer.from(text, 'utf8')
    bytes[3001] = 0xff
    bytes[5003] = 0xfe
    const r = decodeText(bytes)
    expect(r.ok && r.encoding).toBe('utf-8')
  })

  it('refuses random bytes with a Chinese reason', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = decodeText(randomBytes(4000, seed))
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.reason).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('refuses binary with many NULs, and empty or blank files', () => {
    const bin = Buffer.alloc(2000)
    bin.write('MZ header of something', 0)
    expect(decodeText(bin).ok).toBe(false)
    expect(decodeText(Buffer.alloc(0))).toEqual({ ok: false, reason: '文件为空' })
    expect(decodeText(Buffer.from(' \r\n\t\n')).ok).toBe(false)
  })

  it('leaves CRLF line endings for the extractor to normalise', () => {
    const crlf = text.replace(/\n/g, '\r\n')
    const r = decodeText(iconv.encode(crlf, 'gb18030'))
    expect(r.ok && r.text).toBe(crlf)
  })
})
