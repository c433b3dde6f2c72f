import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extractDocument } from './index'
import { loadKeepingBuiltins } from './native-builtins'

const FIX = join(__dirname, '../../../test/fixtures/formats/samples')

/**
 * A built-in is V8's own when it has no `prototype` property: core-js writes its replacements as
 * ordinary functions, which have one (and it also replaces Function.prototype.toString, so the
 * source text cannot tell).
 */
const isNative = (f: unknown): boolean => typeof f === 'function' && !Object.hasOwn(f, 'prototype')
const GUARDED = (): [string, unknown][] => [
  ['Array.prototype.push', Array.prototype.push],
  ['JSON.stringify', JSON.stringify],
  ['JSON.parse', JSON.parse],
  ['Function.prototype.toString', Function.prototype.toString]
]

describe('built-ins after reading a PDF', () => {
  it('pdfjs leaves push, JSON and toString as V8 made them, and still reads the file', async () => {
    for (const [name, f] of GUARDED()) expect(isNative(f), `${name} before`).toBe(true)
    const res = await extractDocument(readFileSync(join(FIX, '001_0a6fcc7805cba63f.pdf')), 'pdf')
    expect(res.ok).toBe(true)
    for (const [name, f] of GUARDED()) expect(isNative(f), `${name} after`).toBe(true)
    // pdfjs's own additions stay: it calls them.
    expect(typeof (Promise as { withResolvers?: unknown }).withResolvers).toBe('function')
  })

  it('loadKeepingBuiltins puts back what a loader replaced and keeps what it added', async () => {
    const native = Array.prototype.push
    const added = Symbol('added')
    const { value, restored } = await loadKeepingBuiltins(async () => {
      Object.defineProperty(Array.prototype, 'push', {
        value: function push(this: unknown[], ...items: unknown[]) {
          return native.apply(this, items)
        },
        writable: true,
        configurable: true
      })
      Object.defineProperty(JSON, added, { value: 1, configurable: true })
      return 'loaded'
    })
    try {
      expect(value).toBe('loaded')
      expect(restored).toContain('push')
      expect(Array.prototype.push).toBe(native)
      expect((JSON as unknown as Record<symbol, unknown>)[added]).toBe(1)
    } finally {
      Reflect.deleteProperty(JSON, added)
    }
  })
})
