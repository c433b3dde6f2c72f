/**
 * npx tsx bench/pdfium-native.ts --lib <libpdfium.so> [--rounds N]
 *
 * Issue #18's experiment: would a native PDFium (a shared library called through the koffi FFI
 * package) instead of the WebAssembly build make 100 PDFs/s plausible? koffi is not a dependency
 * of the project: install it apart for the run (`npm install --prefix /tmp/koffi koffi`, then
 * NODE_PATH=/tmp/koffi/node_modules; koffi ships prebuilt binaries). A libpdfium.so is in
 * the pypdfium2 wheel (`pip download --no-deps pypdfium2`, unzip, pypdfium2_raw/libpdfium.so: the
 * bblanchon/pdfium-binaries build).
 *
 * Two measures, CPU time (process.cpuUsage) per PDF over the 7 PDF fixtures of
 * test/fixtures/formats (samples and real), after a warm-up round:
 * 1. PDFium alone, in this thread, the two builds alternated round by round: open, then each page
 *    and its text page loaded and closed; then the same with the per-character calls pdfium.ts
 *    makes (text object, origin, loose box, generated?), to see the FFI's cost per call.
 * 2. The project's whole path (extract, parse, rules, as bench/pdf-stages.ts's wholePath), the
 *    unchanged reader (extract/pdfium.ts) running once on the WASM build and once on the native
 *    library dressed as the WASM module's exports (below): each in a child process, alternated.
 *    Each child prints a hash of every fixture's document and rule results: the two must agree.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { join } from 'node:path'
import { arg, cpuMs } from './args'

const requireHere = createRequire(__filename)

const round1 = (v: number): number => Math.round(v * 10) / 10

/** The part of koffi used here. */
interface Koffi {
  load(path: string): { func(decl: string): (...args: unknown[]) => unknown }
  alloc(type: string, n: number): unknown
  address(p: unknown): bigint
  view(p: unknown, n: number): ArrayBuffer
}

type Fn = (...args: number[]) => number
type Exports = Record<string, Fn> & { memory: { buffer: ArrayBuffer } }

const P = 'intptr_t'
/** C declarations of the calls pdfium.ts makes, and which arguments point into `memory`. */
const DECLS: Record<string, [string, number[]]> = {
  FPDF_InitLibrary: ['void FPDF_InitLibrary()', []],
  FPDF_LoadMemDocument: [`${P} FPDF_LoadMemDocument(${P} d, int n, ${P} pw)`, [0, 2]],
  FPDF_CloseDocument: [`void FPDF_CloseDocument(${P} d)`, []],
  FPDF_GetLastError: ['unsigned long FPDF_GetLastError()', []],
  FPDF_GetPageCount: [`int FPDF_GetPageCount(${P} d)`, []],
  FPDF_GetMetaText: [
    `unsigned long FPDF_GetMetaText(${P} d, ${P} tag, ${P} buf, unsigned long n)`,
    [1, 2]
  ],
  FPDF_LoadPage: [`${P} FPDF_LoadPage(${P} d, int i)`, []],
  FPDF_ClosePage: [`void FPDF_ClosePage(${P} p)`, []],
  FPDFText_LoadPage: [`${P} FPDFText_LoadPage(${P} p)`, []],
  FPDFText_ClosePage: [`void FPDFText_ClosePage(${P} t)`, []],
  FPDFText_CountChars: [`int FPDFText_CountChars(${P} t)`, []],
  FPDFText_GetText: [`int FPDFText_GetText(${P} t, int s, int n, ${P} buf)`, [3]],
  FPDFText_GetUnicode: [`unsigned int FPDFText_GetUnicode(${P} t, int i)`, []],
  FPDFText_IsGenerated: [`int FPDFText_IsGenerated(${P} t, int i)`, []],
  FPDFText_GetTextObject: [`${P} FPDFText_GetTextObject(${P} t, int i)`, []],
  FPDFText_GetFontSize: [`double FPDFText_GetFontSize(${P} t, int i)`, []],
  FPDFText_GetMatrix: [`int FPDFText_GetMatrix(${P} t, int i, ${P} m)`, [2]],
  FPDFText_GetCharOrigin: [`int FPDFText_GetCharOrigin(${P} t, int i, ${P} x, ${P} y)`, [2, 3]],
  FPDFText_GetLooseCharBox: [`int FPDFText_GetLooseCharBox(${P} t, int i, ${P} r)`, [2]],
  FPDFText_GetCharBox: [
    `int FPDFText_GetCharBox(${P} t, int i, ${P} l, ${P} r, ${P} b, ${P} tp)`,
    [2, 3, 4, 5]
  ],
  FPDFTextObj_GetFont: [`${P} FPDFTextObj_GetFont(${P} o)`, []],
  FPDFFont_GetBaseFontName: [`size_t FPDFFont_GetBaseFontName(${P} f, ${P} buf, size_t n)`, [1]],
  FPDFPage_CountObjects: [`int FPDFPage_CountObjects(${P} p)`, []],
  FPDFPage_GetObject: [`${P} FPDFPage_GetObject(${P} p, int i)`, []],
  FPDFFormObj_CountObjects: [`int FPDFFormObj_CountObjects(${P} o)`, []],
  FPDFFormObj_GetObject: [`${P} FPDFFormObj_GetObject(${P} o, unsigned long i)`, []],
  FPDFPageObj_GetType: [`int FPDFPageObj_GetType(${P} o)`, []],
  FPDFPageObj_GetMatrix: [`int FPDFPageObj_GetMatrix(${P} o, ${P} m)`, [1]],
  FPDFPath_CountSegments: [`int FPDFPath_CountSegments(${P} o)`, []],
  FPDFPath_GetPathSegment: [`${P} FPDFPath_GetPathSegment(${P} o, int i)`, []],
  FPDFPath_GetDrawMode: [`int FPDFPath_GetDrawMode(${P} o, ${P} fill, ${P} stroke)`, [1, 2]],
  FPDFPathSegment_GetPoint: [`int FPDFPathSegment_GetPoint(${P} s, ${P} x, ${P} y)`, [1, 2]],
  FPDFPathSegment_GetType: [`int FPDFPathSegment_GetType(${P} s)`, []],
  FPDFPathSegment_GetClose: [`int FPDFPathSegment_GetClose(${P} s)`, []],
  FPDF_GetPageWidthF: [`float FPDF_GetPageWidthF(${P} p)`, []],
  FPDF_GetPageHeightF: [`float FPDF_GetPageHeightF(${P} p)`, []]
}

/**
 * The native library with the WASM module's face, so that pdfium.ts runs on it unchanged: handles
 * are native addresses (numbers), and what pdfium.ts calls a heap pointer is an offset into one
 * native arena that `memory.buffer` views; arguments that point into it get the arena's address
 * added. malloc is a bump allocator, reset when nothing is live (pdfium.ts frees all it takes by
 * the time a document is closed). Not rendering: FPDFBitmap's buffer would lie outside the arena.
 */
function nativeExports(lib: string, arenaBytes = 256 << 20): Exports {
  const koffi = requireHere('koffi') as Koffi
  const so = koffi.load(lib)
  const arena = koffi.alloc('uint8_t', arenaBytes)
  const base = Number(koffi.address(arena))
  let top = 16
  let live = 0
  // The arena is freed when its koffi handle is collected: the exports hold it.
  const ex = { memory: { buffer: koffi.view(arena, arenaBytes) }, arena } as unknown as Exports
  ex.malloc = (n: number): number => {
    const p = (top + 7) & ~7
    if (p + n > arenaBytes) return 0
    top = p + Math.max(1, n)
    live++
    return p
  }
  ex.free = (p: number): number => {
    if (p && --live === 0) top = 16
    return 0
  }
  const at = (v: number): number => (v ? base + v : 0)
  for (const [name, [decl, ptrs]] of Object.entries(DECLS)) {
    const f = so.func(decl) as Fn
    // Shapes spelled out: a rest-parameter wrapper costs the per-character calls ~2 ms a PDF.
    const [i, j] = ptrs
    ex[name] =
      ptrs.length === 0
        ? f
        : ptrs.length === 1 && i === 1
          ? (a: number, b: number, c: number): number => f(a, at(b), c)
          : ptrs.length === 1 && i === 2
            ? (a: number, b: number, c: number): number => f(a, b, at(c))
            : ptrs.length === 2 && i === 2 && j === 3
              ? (a: number, b: number, c: number, d: number): number => f(a, b, at(c), at(d))
              : (...args: number[]): number => {
                  for (const k of ptrs) args[k] = at(args[k]!)
                  return f(...args)
                }
  }
  ex.PDFiumExt_Init = ex.FPDF_InitLibrary!
  return ex
}

async function wasmExports(): Promise<Exports> {
  const { init } = requireHere('@embedpdf/pdfium') as typeof import('@embedpdf/pdfium')
  const wasm = readFileSync(requireHere.resolve('@embedpdf/pdfium/pdfium.wasm'))
  const wrapped = await init({
    wasmBinary: wasm.buffer as ArrayBuffer,
    print: () => undefined,
    printErr: () => undefined
  })
  const ex = (wrapped.pdfium as unknown as { wasmExports: Exports }).wasmExports
  ex.PDFiumExt_Init!()
  return ex
}

function fixtures(): { path: string; bytes: Buffer }[] {
  return ['samples', 'real'].flatMap(d => {
    const dir = join(__dirname, '../test/fixtures/formats', d)
    return readdirSync(dir)
      .filter(f => f.endsWith('.pdf'))
      .map(f => ({ path: `${d}/${f}`, bytes: readFileSync(join(dir, f)) }))
  })
}

/** Open, each page and text page loaded (with the per-character calls when `chars`), closed. */
function loadText(ex: Exports, bytes: Buffer, chars: boolean): number {
  const data = ex.malloc!(bytes.length)
  new Uint8Array(ex.memory.buffer, data, bytes.length).set(bytes)
  const s = ex.malloc!(64)
  const doc = ex.FPDF_LoadMemDocument!(data, bytes.length, 0)
  if (!doc) throw new Error('PDFium cannot open a fixture')
  let sum = 0
  const pages = ex.FPDF_GetPageCount!(doc)
  for (let i = 0; i < pages; i++) {
    const page = ex.FPDF_LoadPage!(doc, i)
    const tp = ex.FPDFText_LoadPage!(page)
    const n = ex.FPDFText_CountChars!(tp)
    if (chars) {
      const f64 = new Float64Array(ex.memory.buffer)
      for (let k = 0; k < n; k++) {
        ex.FPDFText_GetTextObject!(tp, k)
        ex.FPDFText_IsGenerated!(tp, k)
        ex.FPDFText_GetCharOrigin!(tp, k, s, s + 8)
        ex.FPDFText_GetLooseCharBox!(tp, k, s + 16)
        sum += f64[s >> 3]!
      }
    }
    sum += n
    ex.FPDFText_ClosePage!(tp)
    ex.FPDF_ClosePage!(page)
  }
  ex.FPDF_CloseDocument!(doc)
  ex.free!(s)
  ex.free!(data)
  return sum
}

async function micro(
  lib: string,
  rounds: number
): Promise<{ cpuMsPerPdf: Record<string, number>; chars: Record<string, number> }> {
  const files = fixtures()
  const builds = { native: nativeExports(lib), wasm: await wasmExports() }
  builds.native.PDFiumExt_Init!()
  const t: Record<string, number> = {}
  const chars: Record<string, number> = {}
  for (let r = 0; r <= rounds; r++)
    for (const [name, ex] of Object.entries(builds))
      for (const withChars of [false, true]) {
        const c = process.cpuUsage()
        let sum = 0
        for (const f of files) sum += loadText(ex, f.bytes, withChars)
        const ms = cpuMs(c)
        if (r === 0) {
          // The builds' PDFium versions differ: so do the characters they count (generated spaces
          // and line breaks, and a few glyphs); what the reader makes of them is compared below.
          if (!withChars) chars[name] = sum
          continue
        }
        const key = `${name}${withChars ? ' + per-character calls' : ''}`
        t[key] = (t[key] ?? 0) + ms
      }
  const cpuMsPerPdf = Object.fromEntries(
    Object.entries(t).map(([k, v]) => [k, round1(v / (rounds * files.length))])
  )
  return { cpuMsPerPdf, chars }
}

/** In a child: the whole path on one build; prints CPU ms per PDF and the outputs' hashes. */
async function whole(build: string, lib: string, rounds: number): Promise<void> {
  if (build === 'native') {
    // pdfium.ts instantiates `@embedpdf/pdfium`'s init: it gets the native exports instead.
    const ex = nativeExports(lib)
    const id = requireHere.resolve('@embedpdf/pdfium')
    const m = new Module(id)
    m.filename = id
    m.loaded = true
    m.exports = { init: async () => ({ pdfium: { wasmExports: ex } }) }
    requireHere.cache[id] = m
  }
  // Loaded only now, after the substitution.
  const { prepareFile } = requireHere(
    '../src/core/pipeline/file'
  ) as typeof import('../src/core/pipeline/file')
  const { toReady } = requireHere(
    '../src/core/pipeline/batch'
  ) as typeof import('../src/core/pipeline/batch')
  const { DEFAULT_RULE_SETTINGS } = requireHere(
    '../src/shared/model'
  ) as typeof import('../src/shared/model')
  const { silentLogger } = requireHere('../src/core/logger') as typeof import('../src/core/logger')
  const { extractPdf } = requireHere(
    '../src/core/extract/pdf'
  ) as typeof import('../src/core/extract/pdf')
  const files = fixtures()
  let ms = 0
  let read = 0
  let n = 0
  const hashes: string[] = []
  for (let r = 0; r <= rounds; r++)
    for (const f of files) {
      // The reader alone (PDFium, layout, stitching), then the whole path (which reads again).
      let c = process.cpuUsage()
      await extractPdf(f.bytes)
      if (r > 0) read += cpuMs(c)
      c = process.cpuUsage()
      const file = { path: f.path, size: f.bytes.length, mtimeMs: 0 }
      const ready = toReady(await prepareFile(file, f.bytes), DEFAULT_RULE_SETTINGS, silentLogger)
      const spent = cpuMs(c)
      if (r > 0) {
        ms += spent
        n++
      } else
        hashes.push(createHash('sha1').update(JSON.stringify(ready)).digest('hex').slice(0, 12))
    }
  console.log(
    JSON.stringify({
      build,
      extract: round1(read / n),
      wholePath: round1(ms / n),
      outputs: hashes.join(' ')
    })
  )
}

async function main(): Promise<void> {
  const lib = arg('lib', process.env.NIANBAO_PDFIUM_LIB ?? '')
  if (!lib) throw new Error('--lib <libpdfium.so> (or NIANBAO_PDFIUM_LIB)')
  const rounds = Number(arg('rounds', '20'))
  const child = arg('whole', '')
  if (child) return whole(child, lib, rounds)
  console.log(JSON.stringify({ pdfiumAlone: await micro(lib, rounds) }))
  const runs: Record<string, string[]> = { native: [], wasm: [] }
  const outputs: Record<string, string> = {}
  for (let pass = 0; pass < 2; pass++)
    for (const build of ['native', 'wasm']) {
      const r = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, '--whole', build, '--lib', lib, '--rounds', `${rounds}`],
        { encoding: 'utf8' }
      )
      if (r.status !== 0) throw new Error(r.stderr)
      const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        extract: number
        wholePath: number
        outputs: string
      }
      runs[build]!.push(`extract ${got.extract}, whole path ${got.wholePath}`)
      outputs[build] = got.outputs
    }
  if (outputs.native !== outputs.wasm) process.exitCode = 1
  console.log(
    JSON.stringify({
      cpuMsPerPdf: runs,
      sameOutputs: outputs.native === outputs.wasm,
      outputs: outputs.wasm
    })
  )
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
