/**
 * Path checks for everything that arrives from outside the core (IPC, HTTP, watcher events).
 * A path is accepted only when it resolves inside one of the watched folders; `..` segments,
 * sibling folders with a common prefix (C:\reports2 vs C:\reports) and other drives are refused.
 * Comparison is case-insensitive on Windows, where the file system is.
 */
import path from 'node:path'

export type PathFlavor = 'win32' | 'posix'

function api(flavor: PathFlavor): path.PlatformPath {
  return flavor === 'win32' ? path.win32 : path.posix
}

export function defaultFlavor(): PathFlavor {
  return process.platform === 'win32' ? 'win32' : 'posix'
}

/** Absolute, normalised, without a trailing separator (except a root like C:\ or /). */
export function normalizeFolder(p: string, flavor: PathFlavor = defaultFlavor()): string {
  const P = api(flavor)
  const abs = P.resolve(p)
  const root = P.parse(abs).root
  // The lookbehind starts a match only at the first separator of a run: `[\\/]+$` alone is
  // quadratic on a long run (test/regex-safety.test.ts).
  return abs.length > root.length ? abs.replace(/(?<![\\/])[\\/]+$/, '') : abs
}

/** True when `child` is `parent` itself or lies below it. */
export function isPathInside(
  child: string,
  parent: string,
  flavor: PathFlavor = defaultFlavor()
): boolean {
  const P = api(flavor)
  if (child.includes('\0') || parent.includes('\0')) return false
  if (!P.isAbsolute(child) || !P.isAbsolute(parent)) return false
  let c = normalizeFolder(child, flavor)
  let p = normalizeFolder(parent, flavor)
  if (flavor === 'win32') {
    c = c.toLowerCase()
    p = p.toLowerCase()
  }
  const rel = P.relative(p, c)
  if (rel === '') return true
  // On Windows a different drive yields an absolute `rel` (D:\x).
  return !P.isAbsolute(rel) && rel.split(P.sep)[0] !== '..'
}

/** The watched folder `p` lies in, or null. */
export function folderOf(
  p: string,
  folders: readonly string[],
  flavor: PathFlavor = defaultFlavor()
): string | null {
  // Longest match first: nested watched folders attribute a file to the innermost.
  const sorted = [...folders].sort((a, b) => b.length - a.length)
  return sorted.find(f => isPathInside(p, f, flavor)) ?? null
}

/** `\\server\share\…` or `//server/share/…`: network paths, where fs events are unreliable. */
export function isUncPath(p: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/][^\\/]+/.test(p)
}

/** `root` + absolute file path → the store's relative path with '/' separators. */
export function relativePath(
  root: string,
  abs: string,
  flavor: PathFlavor = defaultFlavor()
): string {
  return api(flavor).relative(root, abs).split(api(flavor).sep).join('/')
}

/**
 * Why `folder` is too broad to watch, or null: a whole drive (D:\, /) or the user's own home
 * folder. Picked by mistake in the folder dialog, such a folder made every document on the disk an
 * M03 "not an annual report", thousands of them. A network share's root (\\server\年报) is often
 * a share kept for the reports, and is allowed.
 */
export function broadFolderReason(
  folder: string,
  home: string | null,
  flavor: PathFlavor = defaultFlavor()
): string | null {
  const P = api(flavor)
  const f = normalizeFolder(folder, flavor)
  const same = (a: string, b: string): boolean =>
    flavor === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b
  if (!isUncPath(f) && same(P.parse(f).root, f))
    return `不能监视整个磁盘（${f}）：请选择存放年度报告的文件夹`
  if (home && same(f, normalizeFolder(home, flavor)))
    return `不能监视整个用户文件夹（${f}）：请选择存放年度报告的文件夹`
  return null
}
