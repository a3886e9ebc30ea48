// The import rule of worker/src: floors, top to bottom, and no loops. `npm test` runs it
// (scripts/floors.test.mjs); `node scripts/lib/floors.mjs` prints what it finds.
//
// A module may import from its own floor or any floor below it, never above. Inside a floor,
// folders may import each other as long as no chain of imports between folders comes back to
// where it started: a loop ties folders together so that neither can be read or changed alone.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Top-level names under worker/src (folders, or files without .ts), lowest floor first. */
export const FLOORS = [
  { name: 'foundation', members: ['protocol', 'db', 'env', 'lib'] },
  {
    name: 'domain',
    members: [
      'site',
      'auth',
      'query',
      'consent',
      'profiling',
      'ingest',
      'sources',
      'audience',
      'rights',
      'surveys',
      'privacy',
      'archive',
    ],
  },
  { name: 'entry', members: ['routes', 'jobs', 'middleware'] },
  { name: 'app', members: ['app', 'index'] },
]

const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g

const isTest = (path) => /\.test\.ts$/.test(path)

/** A D1 statement or a drizzle query written in place: SQL that belongs in a domain or db/ module. */
const SQL = /\.prepare\(|\bsql`|\.(?:select|insert|update|delete)\([^)]*\)\s*\.(?:from|values|set|where)\b/

/** Every .ts file under `dir`, as paths relative to it. */
function walk(dir, base = dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, base, out)
    else if (name.endsWith('.ts')) out.push(relative(base, path))
  }
  return out
}

/** The relative imports of one source text, as written. */
export function importsOf(source) {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  return [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)].map((m) => m[1])
}

/** The top-level name a path under src/ belongs to: `ingest/parse.ts` → ingest, `app.ts` → app. */
const topOf = (path) => path.split('/')[0].replace(/\.ts$/, '')
/** The folder a file sits in, the unit loops are checked between (`.` for src/ itself). */
const folderOf = (path) => (path.includes('/') ? dirname(path) : topOf(path))

function floorIndex(top) {
  return FLOORS.findIndex((f) => f.members.includes(top))
}

/**
 * Checks the production files of `src` (tests may import anything, but nothing imports a test).
 * `files` maps a path relative to `src` to its source text; by default read from disk.
 * Returns a list of human-readable problems; empty when the tree follows the rule.
 */
export function checkFloors(src, files = readTree(src)) {
  const problems = []
  const edges = new Map() // folder → Set of folders, production imports only
  const fileEdges = new Map()
  for (const [path, source] of Object.entries(files)) {
    const top = topOf(path)
    const from = floorIndex(top)
    if (from < 0) {
      problems.push(`${path}: "${top}" is on no floor; add it to FLOORS in scripts/lib/floors.mjs`)
      continue
    }
    if (top === 'routes' && !isTest(path) && SQL.test(source)) {
      problems.push(`${path} holds SQL: routes parse, call a domain function and answer`)
    }
    for (const spec of importsOf(source)) {
      if (!spec.startsWith('.')) continue
      const target = relative(src, resolve(join(src, dirname(path)), spec)).replace(/\.(ts|js)$/, '')
      if (target.startsWith('..')) {
        if (!isTest(path)) problems.push(`${path} imports ${spec}, outside worker/src (test or bench code)`)
        continue
      }
      const targetFile = `${target}.ts` in files ? `${target}.ts` : `${target}/index.ts`
      if (isTest(targetFile)) problems.push(`${path} imports a test file, ${targetFile}`)
      if (isTest(path)) continue
      const to = floorIndex(topOf(targetFile))
      if (to > from) {
        problems.push(
          `${path} (${FLOORS[from].name}) imports ${targetFile} (${FLOORS[to].name}): imports only point down`,
        )
      }
      const a = folderOf(path)
      const b = folderOf(targetFile)
      if (a !== b) {
        if (!edges.has(a)) edges.set(a, new Map())
        if (!edges.get(a).has(b)) edges.get(a).set(b, `${path} → ${targetFile}`)
      }
      if (!fileEdges.has(path)) fileEdges.set(path, new Map())
      fileEdges.get(path).set(targetFile, `${path} → ${targetFile}`)
    }
  }
  for (const loop of loopsOf(edges)) problems.push(`folders import each other in a loop: ${loop.join('; ')}`)
  for (const loop of loopsOf(fileEdges))
    problems.push(`files import each other in a loop: ${loop.join('; ')}`)
  return problems
}

function readTree(src) {
  return Object.fromEntries(walk(src).map((p) => [p, readFileSync(join(src, p), 'utf8')]))
}

/**
 * Strongly connected components of more than one node (Tarjan), each described by the imports
 * that tie it together, so the message names the lines to change.
 */
function loopsOf(edges) {
  let counter = 0
  const index = new Map()
  const low = new Map()
  const stack = []
  const onStack = new Set()
  const loops = []
  const visit = (v) => {
    index.set(v, counter)
    low.set(v, counter++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)))
    }
    if (low.get(v) === index.get(v)) {
      const members = []
      let w
      do {
        w = stack.pop()
        onStack.delete(w)
        members.push(w)
      } while (w !== v)
      if (members.length > 1) {
        const inside = new Set(members)
        loops.push(
          members
            .flatMap((m) => [...(edges.get(m) ?? [])].filter(([t]) => inside.has(t)).map(([, why]) => why))
            .sort(),
        )
      }
    }
  }
  for (const v of edges.keys()) if (!index.has(v)) visit(v)
  return loops
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'worker', 'src')
  const problems = checkFloors(src)
  for (const p of problems) console.log(p)
  console.log(problems.length ? `${problems.length} problems` : 'worker/src follows the floors')
  process.exit(problems.length ? 1 : 0)
}
