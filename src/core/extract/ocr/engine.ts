/**
 * Text detection and recognition with PaddleOCR's PP-OCRv4 mobile models on onnxruntime-node,
 * written here rather than taken from a wrapper: @gutenye/ocr-node's detect() merges a table row
 * into one line and drops reads under 0.5 confidence (most "0" cells), and the `paddleocr` package
 * pads every crop to the widest line (~12× slower; issue #24).
 *
 * Detection (DBNet): the page resized to multiples of 32, normalised, its probability map
 * thresholded, connected components → axis-aligned boxes (pages are deskewed first), grown by
 * DBNet's unclip. Recognition (SVTR/CRNN): each box cropped to height 48, CTC greedy decode with
 * the dictionary; numbers can be decoded again restricted to digits.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import type { InferenceSession as Session, Tensor as TensorT } from 'onnxruntime-node'
import { cropResize, type GrayImage } from './image'
import { modelPaths } from './models'

export interface PixelBox {
  x: number
  y: number
  w: number
  h: number
}

export interface Recognised {
  text: string
  /** Mean probability of the characters read; 0 when none. */
  confidence: number
  /** The same crop decoded with digits and number signs only ('' when nothing). */
  digits: string
  digitsConfidence: number
}

/** Probability above which a pixel is text (PaddleOCR's det_db_thresh). */
const DET_THRESH = 0.3
/**
 * A component's mean probability below this is dropped (PaddleOCR: 0.6). Lower: small single
 * digits in table cells score low and were the commonest miss (issue #24).
 */
const BOX_THRESH = 0.5
const UNCLIP = 1.5
const REC_H = 48
/** Characters kept by the digits-only decode. */
const DIGIT_CHARS = '0123456789.,-%/'

type Ort = typeof import('onnxruntime-node')

export class OcrEngine {
  private constructor(
    private readonly ort: Ort,
    private readonly det: Session,
    private readonly rec: Session,
    private readonly keys: string[],
    private readonly digitIds: number[]
  ) {}

  static async load(threads = defaultThreads()): Promise<OcrEngine> {
    // Loaded here, not at the top: only the OCR process needs the native runtime.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-node') as Ort
    const paths = modelPaths()
    const opts: Session.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionProviders: ['cpu']
    }
    const det = await ort.InferenceSession.create(paths.det, opts)
    const rec = await ort.InferenceSession.create(paths.rec, opts)
    // Class 0 is CTC's blank, then the dictionary's lines, then the space.
    const keys = [
      '',
      ...readFileSync(paths.keys, 'utf8')
        .split(/\r?\n/)
        .filter((k, i, all) => i < all.length - 1 || k !== ''),
      ' '
    ]
    const digitIds = keys.map((k, i) => (DIGIT_CHARS.includes(k) && k !== '' ? i : -1))
    return new OcrEngine(
      ort,
      det,
      rec,
      keys,
      digitIds.filter(i => i >= 0)
    )
  }

  /** Text boxes on the page, in its pixels, top to bottom. */
  async detect(img: GrayImage): Promise<PixelBox[]> {
    const W = Math.max(32, Math.round(img.width / 32) * 32)
    const H = Math.max(32, Math.round(img.height / 32) * 32)
    const plane = cropResize(img, { x: 0, y: 0, w: img.width, h: img.height }, W, H)
    const mean = [0.485, 0.456, 0.406]
    const std = [0.229, 0.224, 0.225]
    const input = new Float32Array(3 * W * H)
    for (let c = 0; c < 3; c++) {
      const off = c * W * H
      const m = mean[c]!
      const s = std[c]!
      for (let i = 0; i < W * H; i++) input[off + i] = (plane[i]! / 255 - m) / s
    }
    const feeds = { [this.det.inputNames[0]!]: new this.ort.Tensor('float32', input, [1, 3, H, W]) }
    const out = await this.det.run(feeds)
    const prob = (out[this.det.outputNames[0]!] as TensorT).data as Float32Array
    const sx = img.width / W
    const sy = img.height / H
    return components(prob, W, H)
      .map(b => ({ x: b.x * sx, y: b.y * sy, w: b.w * sx, h: b.h * sy }))
      .map(b => clampBox(b, img))
      .filter(b => b.w >= 3 && b.h >= 3)
      .sort((p, q) => p.y - q.y || p.x - q.x)
  }

  /** Reads one box of the page. */
  async recognise(img: GrayImage, box: PixelBox): Promise<Recognised> {
    const w = Math.min(3200, Math.max(REC_H / 2, Math.round((REC_H * box.w) / Math.max(1, box.h))))
    const plane = cropResize(img, box, w, REC_H)
    const input = new Float32Array(3 * w * REC_H)
    for (let i = 0; i < plane.length; i++) {
      const v = (plane[i]! / 255 - 0.5) / 0.5
      input[i] = v
      input[plane.length + i] = v
      input[2 * plane.length + i] = v
    }
    const feeds = {
      [this.rec.inputNames[0]!]: new this.ort.Tensor('float32', input, [1, 3, REC_H, w])
    }
    const out = (await this.rec.run(feeds))[this.rec.outputNames[0]!] as TensorT
    const [, T, C] = out.dims as number[]
    const probs = out.data as Float32Array
    const full = this.decode(probs, T!, C!, null)
    const digits = this.decode(probs, T!, C!, this.digitIds)
    return {
      text: full.text,
      confidence: full.confidence,
      digits: digits.text,
      digitsConfidence: digits.confidence
    }
  }

  /**
   * CTC greedy decode: the best class per step, repeats and blanks dropped. With `only`, the best
   * among those classes and the blank (the digits-only read of a number).
   */
  private decode(
    probs: Float32Array,
    T: number,
    C: number,
    only: number[] | null
  ): { text: string; confidence: number } {
    let text = ''
    let sum = 0
    let n = 0
    let prev = -1
    for (let t = 0; t < T; t++) {
      const row = t * C
      let best = 0
      let bp = probs[row]!
      if (only) {
        for (const k of only)
          if (probs[row + k]! > bp) {
            best = k
            bp = probs[row + k]!
          }
      } else {
        for (let k = 1; k < C; k++)
          if (probs[row + k]! > bp) {
            best = k
            bp = probs[row + k]!
          }
      }
      if (best !== 0 && best !== prev) {
        text += this.keys[best] ?? ''
        sum += bp
        n++
      }
      prev = best
    }
    return { text: text.trim(), confidence: n ? sum / n : 0 }
  }

  async close(): Promise<void> {
    await this.det.release()
    await this.rec.release()
  }
}

/** Threads per model run: half the cores (the rest of the app and other work go on), 1 to 4. */
export function defaultThreads(): number {
  const env = Number(process.env.NIANBAO_OCR_THREADS)
  if (env >= 1) return Math.min(16, Math.floor(env))
  return Math.min(4, Math.max(1, Math.floor(os.cpus().length / 2)))
}

function clampBox(b: PixelBox, img: GrayImage): PixelBox {
  const x = Math.max(0, b.x)
  const y = Math.max(0, b.y)
  return { x, y, w: Math.min(img.width, b.x + b.w) - x, h: Math.min(img.height, b.y + b.h) - y }
}

/**
 * Connected components (4-neighbour) of the thresholded map → boxes grown by DBNet's unclip
 * (distance = area × ratio / perimeter), those whose mean probability is under BOX_THRESH dropped.
 */
function components(prob: Float32Array, W: number, H: number): PixelBox[] {
  const seen = new Uint8Array(W * H)
  const stack = new Int32Array(W * H)
  const boxes: PixelBox[] = []
  for (let start = 0; start < W * H; start++) {
    if (seen[start] || prob[start]! <= DET_THRESH) continue
    let top = 0
    stack[top++] = start
    seen[start] = 1
    let x0 = W
    let y0 = H
    let x1 = -1
    let y1 = -1
    let sum = 0
    let n = 0
    while (top > 0) {
      const i = stack[--top]!
      const x = i % W
      const y = (i - x) / W
      sum += prob[i]!
      n++
      if (x < x0) x0 = x
      if (x > x1) x1 = x
      if (y < y0) y0 = y
      if (y > y1) y1 = y
      if (x > 0 && !seen[i - 1] && prob[i - 1]! > DET_THRESH) {
        seen[i - 1] = 1
        stack[top++] = i - 1
      }
      if (x < W - 1 && !seen[i + 1] && prob[i + 1]! > DET_THRESH) {
        seen[i + 1] = 1
        stack[top++] = i + 1
      }
      if (y > 0 && !seen[i - W] && prob[i - W]! > DET_THRESH) {
        seen[i - W] = 1
        stack[top++] = i - W
      }
      if (y < H - 1 && !seen[i + W] && prob[i + W]! > DET_THRESH) {
        seen[i + W] = 1
        stack[top++] = i + W
      }
    }
    const w = x1 - x0 + 1
    const h = y1 - y0 + 1
    if (Math.min(w, h) < 2 || n < 6 || sum / n < BOX_THRESH) continue
    const d = (w * h * UNCLIP) / (2 * (w + h))
    boxes.push({ x: x0 - d, y: y0 - d, w: w + 2 * d, h: h + 2 * d })
  }
  return boxes
}
