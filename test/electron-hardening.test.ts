/**
 * The packaged app's hardening (issue #19): Electron's fuses in electron-builder.yml, as
 * electron-builder 26 flips them in the binary (app-builder-lib's FuseOptionsV1), and the window's
 * DevTools off when packaged. Read from the files a build uses: this sandbox cannot package.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// electron-builder's own YAML reader (a dependency of it, without types of its own).
const { load } = createRequire(__filename)('js-yaml') as { load(text: string): unknown }

const ROOT = path.join(__dirname, '..')

describe('Electron hardening', () => {
  it('sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookies encrypted; the app only from its checked asar', () => {
    const config = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(config['asar']).toBe(true)
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false
    })
    // Every key is one electron-builder knows (a misspelt key would be silently ignored).
    const scheme = JSON.parse(
      readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')
    ) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } }
    }
    for (const key of Object.keys(config['electronFuses'] as object))
      expect(Object.keys(scheme.definitions.FuseOptionsV1.properties)).toContain(key)
  })

  it('opens the window with DevTools only when not packaged, and without middle-click windows', () => {
    const main = readFileSync(path.join(ROOT, 'src/main/index.ts'), 'utf8')
    expect(main).toContain('devTools: !app.isPackaged')
    const window = readFileSync(path.join(ROOT, 'src/main/window.ts'), 'utf8')
    expect(window).toMatch(/devTools: opts\.devTools/)
    expect(window).toMatch(/disableBlinkFeatures: 'Auxclick'/)
  })
})
