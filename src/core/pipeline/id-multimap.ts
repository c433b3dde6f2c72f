/**
 * Integer keys (below 2^53: rules/copies.ts sentence and bucket keys) → lists of report ids, in
 * typed arrays: an open-addressing table of keys and a pool of list nodes. Y05's index holds
 * ~1.5 million postings and ~1.6 million bucket rows at 100,000 reports (bench/RESULTS.md); as
 * `Map`s of boxed keys and small arrays they were millions of objects that every major garbage
 * collection of the ingest's main thread traced again, and Y05 still added ~40 s to the ingest.
 * Here they are a handful of buffers the collector does not look into.
 */

/** Table slots at most this full before it doubles. */
const LOAD = 0.8

function mix(key: number): number {
  const lo = key >>> 0
  const hi = (key / 4294967296) | 0
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

export class IdMultimap {
  /** NaN marks a slot never used; a key whose list emptied keeps its slot until the table grows. */
  private keys: Float64Array
  private heads: Int32Array
  private counts: Int32Array
  private mask: number
  private used = 0
  private live = 0
  /** Each node's id (-1 once released), and its neighbours in its key's list. */
  private nodeId: Int32Array
  private nodeNext: Int32Array
  private nodePrev: Int32Array
  private nodes = 0
  private free = -1
  /** The lists packed (packed), until the next change. */
  private pack: Packed | null = null

  constructor(capacity = 1024) {
    let cap = 16
    while (cap < capacity / LOAD) cap *= 2
    this.keys = new Float64Array(cap).fill(NaN)
    this.heads = new Int32Array(cap).fill(-1)
    this.counts = new Int32Array(cap)
    this.mask = cap - 1
    this.nodeId = new Int32Array(1024)
    this.nodeNext = new Int32Array(1024)
    this.nodePrev = new Int32Array(1024)
  }

  /** Its buffers and counters, to be taken up by fromParts in another thread (transferable). */
  parts(): IdMultimapParts {
    return {
      keys: this.keys,
      heads: this.heads,
      counts: this.counts,
      used: this.used,
      live: this.live,
      nodeId: this.nodeId,
      nodeNext: this.nodeNext,
      nodePrev: this.nodePrev,
      nodes: this.nodes,
      free: this.free
    }
  }

  /** A map made of another's parts (pipeline/copy-keys.ts: made in a worker). */
  static fromParts(p: IdMultimapParts): IdMultimap {
    const m = new IdMultimap(16)
    m.keys = p.keys
    m.heads = p.heads
    m.counts = p.counts
    m.mask = p.keys.length - 1
    m.used = p.used
    m.live = p.live
    m.nodeId = p.nodeId
    m.nodeNext = p.nodeNext
    m.nodePrev = p.nodePrev
    m.nodes = p.nodes
    m.free = p.free
    return m
  }

  /** Keys with at least one id. */
  get size(): number {
    return this.live
  }

  /** How many ids `key` holds. */
  count(key: number): number {
    const i = this.find(key)
    return i < 0 ? 0 : this.counts[i]!
  }

  /** `id` under `key`; returns its node, for removeNode (how many `key` holds: count). */
  add(key: number, id: number): number {
    let i = this.find(key)
    if (i < 0) i = this.insert(key)
    const node = this.alloc()
    const head = this.heads[i]!
    this.nodeId[node] = id
    this.nodeNext[node] = head
    this.nodePrev[node] = -1
    if (head >= 0) this.nodePrev[head] = node
    this.heads[i] = node
    if (this.counts[i]!++ === 0) this.live++
    this.changed()
    return node
  }

  /** One `id` out of `key`'s list (nothing if it is not there), walking the list. */
  remove(key: number, id: number): void {
    for (let n = this.first(key); n >= 0; n = this.nodeNext[n]!)
      if (this.nodeId[n] === id) return this.removeNode(key, id, n)
  }

  /**
   * `id` out of `key`'s list through the node `add` returned, without walking the list (a crowded
   * bucket holds thousands). The caller keeps only nodes it has not removed, and deletes no key
   * whose nodes it keeps (a released node is given again to the next add); a node that no longer
   * holds `id` costs a walk.
   */
  removeNode(key: number, id: number, node: number): void {
    // A node that is not this entry's (a caller's slip): the list walked instead, never a wrong unlink.
    if (this.nodeId[node] !== id) return this.remove(key, id)
    const i = this.find(key)
    if (i < 0) return
    const [prev, next] = [this.nodePrev[node]!, this.nodeNext[node]!]
    if (prev < 0) this.heads[i] = next
    else this.nodeNext[prev] = next
    if (next >= 0) this.nodePrev[next] = prev
    this.release(node)
    if (--this.counts[i]! === 0) this.live--
    this.changed()
  }

  /** The first node of `key`'s list (-1: none); then next(node), and idOf(node). */
  first(key: number): number {
    const i = this.find(key)
    return i < 0 ? -1 : this.heads[i]!
  }

  next(node: number): number {
    return this.nodeNext[node]!
  }

  idOf(node: number): number {
    return this.nodeId[node]!
  }

  /** Every id out of `key`. */
  delete(key: number): void {
    const i = this.find(key)
    if (i < 0 || this.counts[i] === 0) return
    for (let n = this.heads[i]!; n >= 0;) {
      const next = this.nodeNext[n]!
      this.release(n)
      n = next
    }
    this.heads[i] = -1
    this.counts[i] = 0
    this.live--
    this.changed()
  }

  /** `fn` for each id under `key` (most recently added first). */
  forEach(key: number, fn: (id: number) => void): void {
    for (let n = this.first(key); n >= 0; n = this.nodeNext[n]!) fn(this.nodeId[n]!)
  }

  /**
   * The lists of `min` to `max` ids, each in one run of one array, for walks over many lists (the
   * ids of a list sit in nodes added at different times, a cache miss a step: 11 million steps of
   * Y05's candidates at 100,000 own-text reports took 2.6 s). Made again after any change, once,
   * when next asked for.
   */
  packed(min: number, max: number): Packed {
    return this.packedIfFresh(min, max) ?? this.packNow(min, max)
  }

  /** The packed copy if nothing changed since it was made, else null. */
  packedIfFresh(min: number, max: number): Packed | null {
    const p = this.pack
    return p && p.min === min && p.max === max ? p : null
  }

  private packNow(min: number, max: number): Packed {
    let total = 0
    for (let i = 0; i <= this.mask; i++) {
      const n = this.counts[i]!
      if (n >= min && n <= max) total += n
    }
    const start = new Int32Array(this.mask + 1).fill(-1)
    const ids = new Int32Array(total)
    let at = 0
    for (let i = 0; i <= this.mask; i++) {
      const n = this.counts[i]!
      if (n < min || n > max) continue
      start[i] = at
      for (let node = this.heads[i]!; node >= 0; node = this.nodeNext[node]!)
        ids[at++] = this.nodeId[node]!
    }
    return (this.pack = { min, max, start, ids })
  }

  /** A change: the packed copy (~12 MB at 100,000 reports) is no longer good, and let go. */
  private changed(): void {
    this.pack = null
  }

  /** How many ids the list runOf found last holds. */
  runLength = 0

  /**
   * Where `key`'s list starts in `p.ids` (-1: not packed: too short, too long, or none), its length
   * left in runLength (one lookup for both).
   */
  runOf(p: Packed, key: number): number {
    const i = this.find(key)
    if (i < 0) return -1
    this.runLength = this.counts[i]!
    return p.start[i]!
  }

  private find(key: number): number {
    for (let i = mix(key) & this.mask; ; i = (i + 1) & this.mask) {
      const k = this.keys[i]!
      if (k === key) return i
      if (k !== k) return -1
    }
  }

  private insert(key: number): number {
    if (this.used + 1 > (this.mask + 1) * LOAD) this.grow()
    let i = mix(key) & this.mask
    while (!Number.isNaN(this.keys[i]!)) i = (i + 1) & this.mask
    this.keys[i] = key
    this.heads[i] = -1
    this.counts[i] = 0
    this.used++
    return i
  }

  /** Twice the slots (or as many, if emptied keys made it full), emptied keys dropped. */
  private grow(): void {
    const [keys, heads, counts] = [this.keys, this.heads, this.counts]
    const cap = this.live + 1 > (keys.length * LOAD) / 2 ? keys.length * 2 : keys.length
    this.keys = new Float64Array(cap).fill(NaN)
    this.heads = new Int32Array(cap).fill(-1)
    this.counts = new Int32Array(cap)
    this.mask = cap - 1
    this.used = 0
    this.changed()
    for (let j = 0; j < keys.length; j++) {
      if (counts[j] === 0) continue
      let i = mix(keys[j]!) & this.mask
      while (!Number.isNaN(this.keys[i]!)) i = (i + 1) & this.mask
      this.keys[i] = keys[j]!
      this.heads[i] = heads[j]!
      this.counts[i] = counts[j]!
      this.used++
    }
  }

  private alloc(): number {
    if (this.free >= 0) {
      const n = this.free
      this.free = this.nodeNext[n]!
      return n
    }
    if (this.nodes === this.nodeId.length) {
      // Half again, not twice: 1.5 million nodes at 100,000 reports.
      const grown = (a: Int32Array): Int32Array => {
        const b = new Int32Array(Math.ceil(a.length * 1.5))
        b.set(a)
        return b
      }
      this.nodeId = grown(this.nodeId)
      this.nodeNext = grown(this.nodeNext)
      this.nodePrev = grown(this.nodePrev)
    }
    return this.nodes++
  }

  private release(n: number): void {
    this.nodeId[n] = -1
    this.nodeNext[n] = this.free
    this.free = n
  }
}

/** What IdMultimap.parts gives and fromParts takes. */
export interface IdMultimapParts {
  keys: Float64Array
  heads: Int32Array
  counts: Int32Array
  used: number
  live: number
  nodeId: Int32Array
  nodeNext: Int32Array
  nodePrev: Int32Array
  nodes: number
  free: number
}

/** IdMultimap.packed: list i's ids are ids[start[i]], … (count(key) of them). */
export interface Packed {
  readonly min: number
  readonly max: number
  readonly start: Int32Array
  readonly ids: Int32Array
}
