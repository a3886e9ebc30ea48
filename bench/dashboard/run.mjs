// bench/dashboard: how long the dashboard's overview takes to render in headless Chromium on the
// 1,000,000-event bench dataset (bench/lib/dataset.mjs, as bench/api has it), against the slowest
// API call the overview makes, in the same page load. `wrangler dev` serves the worker and the built
// dashboard from a local D1 seeded for this run (.wrangler/bench-dashboard).
//
// Render time: from navigation start to the mark the overview sets once every card has its answer
// and the browser has painted it (performance mark `heed:overview-ready`). Slowest call: the longest
// Resource Timing duration among its /api/v1 requests (request start to last byte, so time waiting
// for one of the browser's six connections counts to the call). The page opens
// `?site=bench&period=30d` in a tab that is signed in (the key and the site list in sessionStorage,
// as after a reload or a shared link), and, apart, in a tab holding only the key (just after
// signing in: GET /sites must answer before the overview can ask anything). Prints
// `| name | value | baseline | ratio | target |` rows: medians over RUNS loads each, every load in
// a new browser context (no HTTP cache), after one warm-up load.
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { getPlatformProxy } from 'wrangler'
import { buildAssets } from '../../scripts/lib/local.mjs'
import { bundleAndImport } from '../lib/bundle.mjs'
import { migrate, seedBenchSite } from '../lib/dataset.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const EVENTS = Number(process.env.HEED_BENCH_DASHBOARD_EVENTS ?? 1_000_000)
const DAYS = 90
const RUNS = Number(process.env.HEED_BENCH_DASHBOARD_RUNS ?? 7)
const port = Number(process.env.HEED_BENCH_DASHBOARD_PORT ?? 8877)
const origin = `http://127.0.0.1:${port}`
const log = (...a) => console.error('[bench/dashboard]', ...a)
const started = Date.now()

// Another worker on the port would answer instead of ours (other people run wrangler dev too).
try {
  await fetch(`${origin}/healthz`)
  throw new Error(`port ${port} is taken: set HEED_BENCH_DASHBOARD_PORT to a free one`)
} catch (err) {
  if (err.message.startsWith('port ')) throw err
}
buildAssets()
const { findChromium } = await import('../../e2e/chromium.ts')
const { generateApiKey } = await import('../../worker/src/auth/api-key.ts')
const bench = await bundleAndImport(
  join(root, 'worker', 'bench', 'api-queries.ts'),
  join(root, '.wrangler', 'bench-dashboard', 'bench.mjs'),
)

// The same folder for the seed (getPlatformProxy keeps its state under <dir>/v3) and for wrangler dev.
const persistTo = join(root, '.wrangler', 'bench-dashboard', 'state')
rmSync(persistTo, { recursive: true, force: true })
const proxy = await getPlatformProxy({
  configPath: join(root, 'wrangler.toml'),
  persist: { path: join(persistTo, 'v3') },
})
const { key, prefix, hash } = await generateApiKey()
try {
  await migrate(proxy.env.DB, root)
  await seedBenchSite(bench, proxy.env, {
    events: EVENTS,
    days: DAYS,
    now: Date.now(),
    // The period and the one it is compared with read rollups, as on a site the cron has kept up with.
    rollupDays: 62,
    cronAgoMin: 14,
    log,
  })
  await proxy.env.DB.prepare(
    `INSERT INTO api_keys (id, site_id, name, prefix, hash, scopes, created_at) VALUES ('bench-key', 'bench', 'bench', ?, ?, '["read"]', ?)`,
  )
    .bind(prefix, hash, Date.now())
    .run()
} finally {
  await proxy.dispose()
}

const envFile = join(persistTo, 'bench.env')
mkdirSync(persistTo, { recursive: true })
writeFileSync(envFile, 'ADMIN_TOKEN=bench-admin-token\n')
const wrangler = spawn(
  join(root, 'node_modules', '.bin', 'wrangler'),
  [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    persistTo,
    '--env-file',
    envFile,
    '--log-level',
    'error',
    '--show-interactive-dev-session=false',
  ],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CI: '1', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
)
const stopWrangler = () => {
  if (wrangler.exitCode === null && wrangler.signalCode === null) wrangler.kill('SIGTERM')
}
process.on('exit', stopWrangler)

async function waitForWorker() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not answer on ${origin}`)
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

let browser
try {
  await waitForWorker()
  const check = await fetch(`${origin}/api/v1/sites/bench/stats/aggregate?period=30d`, {
    headers: { authorization: `Bearer ${key}` },
  })
  if (!check.ok) throw new Error(`the bench key does not read the bench site: ${check.status}`)
  log(`30-day visits through the API: ${(await check.json()).results.visits.value}`)

  browser = await chromium.launch({ executablePath: findChromium() })
  const sites = (
    await (await fetch(`${origin}/api/v1/sites`, { headers: { authorization: `Bearer ${key}` } })).json()
  ).data
  async function load(signedIn) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
    await context.addInitScript(
      ([k, s]) => {
        sessionStorage.setItem('heed_dashboard_key', k)
        if (s) sessionStorage.setItem('heed_dashboard_sites', s)
      },
      [key, signedIn ? JSON.stringify(sites) : null],
    )
    const page = await context.newPage()
    await page.goto(`${origin}/dashboard/?site=bench&period=30d`)
    await page.waitForFunction(() => performance.getEntriesByName('heed:overview-ready').length > 0, null, {
      timeout: 120_000,
    })
    const r = await page.evaluate(() => {
      const api = performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/v1/'))
        .map((e) => ({ url: e.name.replace(/^.*\/api\/v1/, ''), ms: e.duration }))
      return {
        render: performance.getEntriesByName('heed:overview-ready')[0].startTime,
        api,
        points: Number(document.querySelector('figure.chart')?.getAttribute('data-points')),
      }
    })
    await context.close()
    if (r.points !== 30) throw new Error(`the chart shows ${r.points} points, not 30 days`)
    const slowest = r.api.reduce((a, b) => (b.ms > a.ms ? b : a))
    return { render: r.render, slowest, calls: r.api.length }
  }

  await load(true) // warm-up: workerd compiles, D1 pages come into memory
  const fmt = (x) => `${x.toFixed(0)} ms`
  const rows = []
  for (const [signedIn, label] of [
    [true, 'signed-in tab'],
    [false, 'just signed in, GET /sites first'],
  ]) {
    const runs = []
    for (let i = 0; i < RUNS; i++) runs.push(await load(signedIn))
    const ratios = runs.map((r) => r.render / r.slowest.ms)
    const byCall = new Map()
    for (const r of runs) byCall.set(r.slowest.url, (byCall.get(r.slowest.url) ?? 0) + 1)
    log(
      `${label}: ${runs[0].calls} API calls per load; slowest was ${[...byCall].map(([u, n]) => `${u} (${n}×)`).join(', ')}`,
    )
    log(`${label}: render ms per run ${runs.map((r) => r.render.toFixed(0)).join(', ')}`)
    log(`${label}: slowest call ms per run ${runs.map((r) => r.slowest.ms.toFixed(0)).join(', ')}`)
    rows.push(
      `| overview render vs its slowest API call (30 days, ${EVENTS.toLocaleString('en')} events, ${label}), p50 of ${RUNS} | ${fmt(median(runs.map((r) => r.render)))} | ${fmt(median(runs.map((r) => r.slowest.ms)))} | ${median(ratios).toFixed(2)} | ${signedIn ? '≤ 2' : '-'} |`,
      `| the same, worst of ${RUNS} loads (${label}) | ${fmt(Math.max(...runs.map((r) => r.render)))} | - | ${Math.max(...ratios).toFixed(2)} | - |`,
    )
  }
  console.log('| name | value | baseline | ratio | target |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) console.log(r)
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`)
} finally {
  await browser?.close()
  stopWrangler()
}
