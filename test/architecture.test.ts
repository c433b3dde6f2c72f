/**
 * The layers hold by test (DEVELOPERS.md, "Architecture"): every import in src/ is checked against
 * the room it comes from. Data flows one way —
 *   ingest → extract → parse → rules → pipeline → watch → service → transport → main / cli
 * — with store/ (all SQL) the persistence under pipeline, watch, export and service, and shared/
 * (pure: model, rule ids, the Api contract) under everything. The renderer sees only shared/ and
 * `window.api`; only the Electron shell and the preload import `electron`.
 *
 * Tests and their support files (*.test.ts, test-support.ts, parse-test-helpers.ts) are exempt:
 * they build fixtures from any layer.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')
const SRC = path.join(ROOT, 'src')

/** What each room may import (besides itself and npm packages). */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  'core/logger': ['shared'],
  // The process-wide net under stray errors (issue #19): installed by the CLI and the desktop main.
  'core/process': [],
  'core/fs': ['shared', 'core/logger'],
  'core/ingest': ['shared', 'core/logger', 'core/fs'],
  'core/extract': ['shared', 'core/logger', 'core/fs', 'core/ingest'],
  'core/parse': ['shared', 'core/logger', 'core/fs', 'core/ingest', 'core/extract'],
  'core/rules': ['shared'],
  'core/store': ['shared', 'core/logger', 'core/fs'],
  'core/pipeline': [
    'shared',
    'core/logger',
    'core/fs',
    'core/ingest',
    'core/extract',
    'core/parse',
    'core/rules',
    'core/store'
  ],
  'core/watch': ['shared', 'core/logger', 'core/fs', 'core/ingest', 'core/pipeline', 'core/store'],
  'core/export': ['shared', 'core/logger', 'core/fs', 'core/ingest', 'core/store'],
  'core/service': [
    'shared',
    'core/logger',
    'core/fs',
    'core/ingest',
    'core/extract',
    'core/pipeline',
    'core/store',
    'core/watch',
    'core/export'
  ],
  'core/transport': ['shared', 'core/logger', 'core/fs', 'core/service'],
  main: [
    'shared',
    'core/logger',
    'core/fs',
    'core/process',
    'core/service',
    'core/transport',
    'core/store'
  ],
  preload: ['shared'],
  renderer: ['shared'],
  cli: [
    'shared',
    'core/logger',
    'core/fs',
    'core/process',
    'core/ingest',
    'core/pipeline',
    'core/store',
    'core/service',
    'core/transport',
    'core/export'
  ]
}

/** Node's built-ins a layer may not use: the renderer and shared run in a browser too. */
const NO_NODE = new Set(['shared', 'renderer', 'preload'])

function roomOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep)
  if (rel[0] === 'core')
    return rel.length === 2 ? `core/${rel[1]!.replace(/\.ts$/, '')}` : `core/${rel[1]}`
  return rel[0]!
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.(ts|tsx|mjs)$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [p] : []
  })
}

const exempt = (f: string): boolean => /\.test\.tsx?$|test-support\.ts$|test-helpers\.ts$/.test(f)

/** Every module specifier: static and type imports, re-exports, import(), require(). */
export function specifiers(text: string): string[] {
  const out: string[] = []
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]!)
  return out
}

export interface Violation {
  file: string
  spec: string
  why: string
}

export function violationsOf(file: string, text: string): Violation[] {
  const room = roomOf(file)
  const allowed = ALLOWED[room]
  const rel = path.relative(ROOT, file)
  if (!allowed)
    return [
      {
        file: rel,
        spec: '',
        why: `room ${room} is not in the architecture (test/architecture.test.ts)`
      }
    ]
  const out: Violation[] = []
  for (const spec of specifiers(text)) {
    if (spec === 'electron' || spec.startsWith('electron/')) {
      if (room !== 'main' && room !== 'preload')
        out.push({ file: rel, spec, why: 'electron outside src/main and src/preload' })
      continue
    }
    if (
      spec.startsWith('node:') ||
      /^(fs|path|os|zlib|crypto|worker_threads|child_process)$/.test(spec)
    ) {
      if (NO_NODE.has(room))
        out.push({ file: rel, spec, why: `${room} must run in a browser: no Node built-ins` })
      continue
    }
    if (!spec.startsWith('.')) continue
    const target = path.resolve(path.dirname(file), spec)
    if (!target.startsWith(SRC + path.sep)) continue
    const to = roomOf(target)
    if (to !== room && !allowed.includes(to))
      out.push({ file: rel, spec, why: `${room} may not import ${to}` })
  }
  return out
}

/** SQL text: statements are written in store/ only. */
const SQL =
  /['"`]\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|PRAGMA\s|BEGIN\b|COMMIT\b|ROLLBACK\b|CREATE\s+(TABLE|INDEX))/i

describe('architecture', () => {
  const files = sources(SRC).filter(f => !exempt(f))

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(150)
  })

  it('every import follows the flow of the layers', () => {
    const bad = files.flatMap(f => violationsOf(f, readFileSync(f, 'utf8')))
    expect(bad).toEqual([])
  })

  it('all SQL is in store/', () => {
    const bad = files
      .filter(f => !path.relative(SRC, f).startsWith(`core${path.sep}store${path.sep}`))
      .flatMap(f =>
        readFileSync(f, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            SQL.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : []
          )
      )
    expect(bad).toEqual([])
  })

  it('catches an import against the flow', () => {
    // A store module reaching up into the rules, as store/reports.ts once did.
    const file = path.join(SRC, 'core/store/reports.ts')
    expect(violationsOf(file, "import { yearInput } from '../rules/years'")).toEqual([
      {
        file: 'src/core/store/reports.ts',
        spec: '../rules/years',
        why: 'core/store may not import core/rules'
      }
    ])
    expect(
      violationsOf(
        path.join(SRC, 'renderer/src/App.tsx'),
        "import { x } from '../../core/store/index'"
      )
    ).toHaveLength(1)
    expect(
      violationsOf(path.join(SRC, 'core/rules/text.ts'), "import { app } from 'electron'")
    ).toHaveLength(1)
    expect(violationsOf(path.join(SRC, 'shared/api.ts'), "import fs from 'node:fs'")).toHaveLength(
      1
    )
  })
})
