/**
 * 8-bit gray page images for OCR: decoding picture files (PNG, JPEG, TIFF, pure-JS readers, no
 * native code), PNG encoding (the review screen shows a page), rotation (deskew) and resampling
 * (crops for the recogniser).
 */
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import * as UTIF from 'utif'
import type { GrayImage } from '../pdfium'

export type { GrayImage }

/** Pages larger than this (pixels) are refused: a photo of 50 Mpx is no page scan. */
const MAX_PIXELS = 60e6

const luma = (rgba: Uint8Array, width: number, height: number): GrayImage => {
  const data = new Uint8Array(width * height)
  for (let i = 0, s = 0; i < data.length; i++, s += 4) {
    const a = rgba[s + 3]!
    // Transparent pixels are paper.
    const g = (rgba[s]! * 77 + rgba[s + 1]! * 150 + rgba[s + 2]! * 29) >> 8
    data[i] = 255 - (((255 - g) * a) >> 8)
  }
  return { width, height, data }
}

export type PictureKind = 'png' | 'jpeg' | 'tiff'

export function pictureKind(bytes: Uint8Array): PictureKind | null {
  const b = bytes
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png'
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (
    (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
    (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)
  )
    return 'tiff'
  return null
}

/** Every page of a picture file (a TIFF may hold several) in gray. Throws on a damaged file. */
export function decodePicture(bytes: Buffer): GrayImage[] {
  const kind = pictureKind(bytes)
  const check = (w: number, h: number): void => {
    if (!(w > 0 && h > 0) || w * h > MAX_PIXELS)
      throw new Error(`图片尺寸（${w}×${h}）超出可识别的范围`)
  }
  if (kind === 'png') {
    const png = PNG.sync.read(bytes)
    check(png.width, png.height)
    return [luma(png.data, png.width, png.height)]
  }
  if (kind === 'jpeg') {
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: 1024
    })
    check(img.width, img.height)
    return [luma(img.data, img.width, img.height)]
  }
  if (kind === 'tiff') {
    const ifds = UTIF.decode(bytes)
    const pages: GrayImage[] = []
    for (const ifd of ifds) {
      UTIF.decodeImage(bytes, ifd)
      if (!ifd.width || !ifd.height) continue
      check(ifd.width, ifd.height)
      pages.push(luma(UTIF.toRGBA8(ifd), ifd.width, ifd.height))
    }
    if (pages.length === 0) throw new Error('TIFF 文件中没有可读取的图像')
    return pages
  }
  throw new Error('不是可识别的图片格式（PNG、JPEG、TIFF）')
}

/** Gray → opaque RGBA, what the PNG and JPEG encoders take. */
function rgbaOf(img: GrayImage, out: Uint8Array): Uint8Array {
  for (let i = 0, d = 0; i < img.data.length; i++, d += 4) {
    const g = img.data[i]!
    out[d] = g
    out[d + 1] = g
    out[d + 2] = g
    out[d + 3] = 255
  }
  return out
}

export function encodePng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height })
  rgbaOf(img, png.data)
  return PNG.sync.write(png)
}

/** A JPEG of the page at `quality` (0–100): how scanners and phones save the photos of a report. */
export function encodeJpeg(img: GrayImage, quality: number): Buffer {
  const data = rgbaOf(img, new Uint8Array(img.width * img.height * 4))
  return Buffer.from(jpeg.encode({ data, width: img.width, height: img.height }, quality).data)
}

/** Bilinear sample at (x, y); outside the image is white paper. */
function sample(img: GrayImage, x: number, y: number): number {
  const x0 = Math.floor(x)
  const y0 = Math.floor(y)
  const fx = x - x0
  const fy = y - y0
  const { width: w, height: h, data } = img
  const at = (xx: number, yy: number): number =>
    xx < 0 || yy < 0 || xx >= w || yy >= h ? 255 : data[yy * w + xx]!
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
  return top * (1 - fy) + bottom * fy
}

/** The image turned by `deg` degrees (counter-clockwise positive) about its centre, same size. */
export function rotate(img: GrayImage, deg: number): GrayImage {
  const { width: w, height: h } = img
  const out = new Uint8Array(w * h)
  const a = (deg * Math.PI) / 180
  const cos = Math.cos(a)
  const sin = Math.sin(a)
  const cx = w / 2
  const cy = h / 2
  for (let y = 0; y < h; y++) {
    const dy = y - cy
    for (let x = 0; x < w; x++) {
      const dx = x - cx
      // Inverse map: where this output pixel came from.
      out[y * w + x] = sample(img, cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
    }
  }
  return { width: w, height: h, data: out }
}

/** The box (x, y, w, h in pixels) resampled to `outW` × `outH` (bilinear; area-averaged when shrinking much). */
export function cropResize(
  img: GrayImage,
  box: { x: number; y: number; w: number; h: number },
  outW: number,
  outH: number
): Float32Array {
  const out = new Float32Array(outW * outH)
  const sx = box.w / outW
  const sy = box.h / outH
  for (let y = 0; y < outH; y++) {
    const py = box.y + (y + 0.5) * sy - 0.5
    for (let x = 0; x < outW; x++) out[y * outW + x] = sample(img, box.x + (x + 0.5) * sx - 0.5, py)
  }
  return out
}
