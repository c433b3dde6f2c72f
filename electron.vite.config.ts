/**
 * electron-vite: main (src/main/index.ts), preload (src/preload/index.ts) and the React renderer
 * (root src/renderer, index.html there), built into out/main, out/preload and out/renderer.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      // Runtime dependencies (sqlite3's native binary above all) stay in node_modules, which
      // electron-builder packs; only our own code is bundled.
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // Parse worker threads of the ingest (src/core/pipeline/pool.ts looks for it).
          'pipeline-worker': resolve(__dirname, 'src/core/pipeline/workers/worker.ts'),
          // Y05's buckets made beside a settle (src/core/pipeline/copy-keys.ts looks for it).
          'copy-keys-worker': resolve(__dirname, 'src/core/pipeline/workers/copy-keys.ts'),
          // The OCR process of a scanned report (src/core/extract/ocr/run.ts looks for it).
          'ocr-worker': resolve(__dirname, 'src/core/extract/ocr/worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: everything it uses is bundled into it.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // Minified: the window parses its script before the first screen shows (1.8 MB unminified;
      // bench/screens.ts, issue #8). Main and preload stay readable for stack traces.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
