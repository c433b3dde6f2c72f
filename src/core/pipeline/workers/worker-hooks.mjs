/**
 * Module resolution for a parse worker run from source (pipeline-worker-tsx.mjs): `import('./pdf')`
 * in our TypeScript resolves to pdf.ts, loaded as CommonJS so that tsx's require() hook compiles it.
 * Nothing else is touched: PDFium and the other libraries load as Node loads them.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export async function resolve(specifier, context, next) {
  const parent = context.parentURL
  if (
    parent?.startsWith('file:') &&
    parent.endsWith('.ts') &&
    /^\.\.?\//.test(specifier) &&
    !/\.[cm]?[jt]s$/.test(specifier)
  ) {
    const url = new URL(`${specifier}.ts`, parent)
    if (existsSync(fileURLToPath(url)))
      return { url: url.href, format: 'commonjs', shortCircuit: true }
  }
  return next(specifier, context)
}
