// npm test: every suite in turn, then one summary line `N passed, N failed` over all of them.
// Typecheck and lint count as one check each; vitest and Playwright count their tests.
// `npm test -- worker e2e` runs only the named suites.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { requireNode22, root } from './lib/local.mjs'

requireNode22()
const bin = (name) => join(root, 'node_modules', '.bin', name)
const out = join(root, '.test-results')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

function vitestCounts(file) {
  if (!existsSync(file)) return null
  const r = JSON.parse(readFileSync(file, 'utf8'))
  return { passed: r.numPassedTests, failed: r.numFailedTests + (r.success || r.numFailedTests ? 0 : 1) }
}

function playwrightCounts(file) {
  if (!existsSync(file)) return null
  const { stats } = JSON.parse(readFileSync(file, 'utf8'))
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected + (stats.errors?.length ?? 0) }
}

/** A suite that runs vitest with `config` and counts its results from the JSON reporter. */
const vitestSuite = (name, config) => () => {
  const file = join(out, `${name}.json`)
  const ok = run(bin('vitest'), [
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ])
  return vitestCounts(file) ?? { passed: 0, failed: ok ? 0 : 1 }
}

const suites = {
  typecheck: () => {
    const projects = [
      'tsconfig.json',
      'snippet/tsconfig.json',
      'dashboard/tsconfig.json',
      'tsconfig.node.json',
    ]
    const ok = projects.filter((p) => run(bin('tsc'), ['--noEmit', '-p', p])).length
    return { passed: ok, failed: projects.length - ok }
  },
  lint: () => (run(bin('biome'), ['check', '.']) ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }),
  // Worker tests inside workerd (local D1 and Queues).
  worker: vitestSuite('worker', 'vitest.config.mts'),
  snippet: vitestSuite('snippet', 'snippet/vitest.config.mts'),
  // The dashboard's pure parts (URL state, formatting) and its size budget.
  dashboard: vitestSuite('dashboard', 'dashboard/vitest.config.mts'),
  // Node-side tests: a real listening socket (a fake OpenAI-compatible server), which workerd lacks, and scripts/.
  node: vitestSuite('node', 'vitest.node.config.mts'),
  e2e: () => {
    const file = join(out, 'e2e.json')
    const ok = run(bin('playwright'), ['test'], { HEED_PW_REPORT: file })
    return playwrightCounts(file) ?? { passed: 0, failed: ok ? 0 : 1 }
  },
}

const wanted = process.argv.slice(2).filter((a) => a in suites)
const names = wanted.length ? wanted : Object.keys(suites)
let passed = 0
let failed = 0
const lines = []
for (const name of names) {
  console.log(`\n── ${name} ─────────────────────────────`)
  const r = suites[name]()
  passed += r.passed
  failed += r.failed
  lines.push(`${name.padEnd(10)} ${r.passed} passed, ${r.failed} failed`)
}
console.log(`\n${lines.join('\n')}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
