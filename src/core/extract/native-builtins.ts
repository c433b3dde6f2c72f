/**
 * Loading a library without letting it replace the thread's built-ins.
 *
 * pdfjs-dist's legacy build (the one that runs on Node 20) bundles core-js, which on this V8
 * replaces built-ins for the whole thread, not just for pdfjs: Array.prototype.push (a V8
 * length-overflow bug makes core-js "fix" it), JSON.stringify and JSON.parse (well-formed output,
 * raw JSON) and Function.prototype.toString. The replacements are written in JavaScript: after one
 * PDF, a parse worker pushed 8× and serialised 10× slower, and read every later text report in
 * 1.26 ms instead of 0.53 (bench/, issue #8). None of what they fix matters to pdfjs or to us
 * (arrays of 2³² elements, lone surrogates in JSON), so the originals go back once it has loaded.
 *
 * Only properties that existed before are restored: what a library adds (Promise.withResolvers,
 * Map.prototype.getOrInsert…) is left, since it may call it.
 */

/** The intrinsics whose own properties are guarded. globalThis is left out: Node defines many of
 * its globals as lazy getters that replace themselves on first use, which is not a library's doing. */
const GUARDED: readonly object[] = [
  Array, Array.prototype, Object, Object.prototype, Function.prototype, JSON, Math, Number, Number.prototype,
  String, String.prototype, RegExp.prototype, Promise, Promise.prototype, Map.prototype, Set.prototype,
  WeakMap.prototype, Reflect, Symbol, Date, Date.prototype, ArrayBuffer.prototype,
  Object.getPrototypeOf(Uint8Array), Object.getPrototypeOf(Uint8Array.prototype) as object, Uint8Array.prototype
]

type Snapshot = { target: object; key: PropertyKey; descriptor: PropertyDescriptor }[]

function snapshot(): Snapshot {
  const out: Snapshot = []
  for (const target of GUARDED) {
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)
      if (descriptor) out.push({ target, key, descriptor })
    }
  }
  return out
}

const same = (a: PropertyDescriptor, b: PropertyDescriptor | undefined): boolean =>
  b !== undefined && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set

/** Puts back every guarded property that differs from `before`; returns the ones it restored. */
function restore(before: Snapshot): string[] {
  const restored: string[] = []
  for (const { target, key, descriptor } of before) {
    if (same(descriptor, Object.getOwnPropertyDescriptor(target, key))) continue
    try {
      Object.defineProperty(target, key, descriptor)
      restored.push(String(key))
    } catch {
      // A property made non-configurable by the library cannot go back; nothing else to do.
    }
  }
  return restored
}

/** The built-ins as this thread had them before any library was loaded through `loadKeepingBuiltins`. */
const original = snapshot()

/**
 * Runs `load` (an import), then restores any built-in it replaced. Returns what it loaded and the
 * names it restored (for tests and logs).
 */
export async function loadKeepingBuiltins<T>(load: () => Promise<T>): Promise<{ value: T; restored: string[] }> {
  try {
    const value = await load()
    return { value, restored: restore(original) }
  } catch (err) {
    restore(original)
    throw err
  }
}

/** Restores the built-ins again, in case a library replaced one lazily after loading. Cheap. */
export function keepBuiltins(): string[] {
  return restore(original)
}
