import { describe, expect, it } from 'vitest'
import { IdMultimap } from './id-multimap'

describe('IdMultimap', () => {
  it('agrees with a Map of arrays through adds, removals, deletes and growth, keys up to 2^53', () => {
    let seed = 11
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    // Keys like the index's: 53-bit sentence hashes and band * 2^32 + bucket, some shared often.
    const keyPool = Array.from({ length: 3000 }, (_, i) =>
      i % 2 ? rand(1 << 21) * 0x100000000 + rand(0x7fffffff) : rand(40) * 0x100000000 + i
    )
    const m = new IdMultimap(4)
    const ref = new Map<number, number[]>()
    const nodes = new Map<string, number>()
    for (let step = 0; step < 60000; step++) {
      const key = keyPool[rand(step < 30000 ? keyPool.length : 50)]!
      const op = rand(10)
      if (op < 6) {
        // As in the index: an id at most once under a key.
        const id = 1 + rand(5000)
        const list = ref.get(key) ?? []
        if (list.includes(id)) continue
        list.push(id)
        ref.set(key, list)
        nodes.set(`${key}:${id}`, m.add(key, id))
        expect(m.count(key)).toBe(list.length)
      } else if (op < 9) {
        const list = ref.get(key) ?? []
        const id = list.length > 0 && rand(4) ? list[rand(list.length)]! : 9999
        const at = list.indexOf(id)
        if (at >= 0) list.splice(at, 1)
        if (list.length === 0) ref.delete(key)
        // Through the node add gave (as the index does), or by walking the list.
        const node = nodes.get(`${key}:${id}`)
        nodes.delete(`${key}:${id}`)
        if (node !== undefined && rand(2)) m.removeNode(key, id, node)
        else m.remove(key, id)
      } else {
        for (const id of ref.get(key) ?? []) nodes.delete(`${key}:${id}`)
        ref.delete(key)
        m.delete(key)
      }
    }
    expect(m.size).toBe(ref.size)
    for (const key of keyPool) {
      const list = ref.get(key) ?? []
      expect(m.count(key)).toBe(list.length)
      const ids: number[] = []
      m.forEach(key, id => ids.push(id))
      expect(ids.sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b))
    }
    expect(m.count(12345)).toBe(0)

    // Packed: the lists of 2 to 5 ids, each in one run; good until the next change.
    const packed = m.packed(2, 5)
    for (const key of keyPool) {
      const list = ref.get(key) ?? []
      const from = m.runOf(packed, key)
      if (list.length < 2 || list.length > 5) {
        expect(from).toBeLessThan(0)
        continue
      }
      expect(m.runLength).toBe(list.length)
      const run = [...packed.ids.subarray(from, from + m.runLength)]
      expect(run.sort((a, b) => a - b)).toEqual([...list].sort((a, b) => a - b))
    }
    expect(m.packedIfFresh(2, 5)).toBe(packed)
    expect(m.packedIfFresh(2, 6)).toBeNull()
    m.add(keyPool[0]!, 77777)
    expect(m.packedIfFresh(2, 5)).toBeNull()
  })
})
