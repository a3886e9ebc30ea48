// bench/api: a million synthetic events over 90 days in a local D1 (wrangler's getPlatformProxy,
// persisted under .wrangler/bench-api). Times the 30-day aggregate, daily timeseries and top pages
// read from rollups against the same questions computed from raw events, in the same run, with
// the worker's own query code. Prints `| name | value | baseline | ratio | target |` rows.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { getPlatformProxy } from 'wrangler'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const EVENTS = Number(process.env.HEED_BENCH_API_EVENTS ?? 1_000_000)
const DAYS = 90
const RUNS = Number(process.env.HEED_BENCH_API_RUNS ?? 30)
const RAW_RUNS = Number(process.env.HEED_BENCH_API_RAW_RUNS ?? 3)
const log = (...a) => console.error('[bench/api]', ...a)
const started = Date.now()

const out = join(root, '.wrangler', 'bench-api', 'bench.mjs')
await build({
  entryPoints: [join(root, 'worker', 'src', 'query', 'bench.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: out,
  logLevel: 'error',
})
const bench = await import(pathToFileURL(out).href)

const persist = join(root, '.wrangler', 'bench-api', 'state')
rmSync(persist, { recursive: true, force: true })
const proxy = await getPlatformProxy({ configPath: join(root, 'wrangler.toml'), persist: { path: persist } })
const env = proxy.env
const d1 = env.DB

try {
  // Schema: the project's migrations, statement by statement.
  const dir = join(root, 'migrations')
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    for (const stmt of readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint'))
      if (stmt.trim()) await d1.prepare(stmt).run()
  const now = Date.now()
  await d1
    .prepare(
      `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
       VALUES ('bench', 'bench', '[]', '[]', 'EUR', 'Europe/Berlin', 395, 'opt-in', '{}', ?, ?)`,
    )
    .bind(now, now)
    .run()

  // 90 days ending now, generated in SQL (recursive CTE), 25,000 rows per statement. The two
  // secondary indexes of events are built once afterwards: faster than maintaining them per row.
  const start = now - DAYS * 86_400_000
  await d1.batch([d1.prepare('DROP INDEX events_site_ts'), d1.prepare('DROP INDEX events_site_vid')])
  for (let from = 0; from < EVENTS; from += 25_000)
    await bench.seed(d1, from, Math.min(25_000, EVENTS - from), start, DAYS, EVENTS).catch((err) => {
      throw new Error(`seeding rows ${from}…: ${err.message}`)
    })
  await d1.prepare('CREATE INDEX events_site_ts ON events (site_id, ts)').run()
  await d1.prepare('CREATE INDEX events_site_vid ON events (site_id, vid, ts)').run()
  log(`seeded ${EVENTS} events in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  // The cron, run until caught up (bounded runs of at most 30 days each). The 30-day questions
  // read only the last 31 days, so by default the bench lets the cron start there (as if the
  // older days had been rolled up by earlier runs); HEED_BENCH_API_ROLLUP_ALL=1 builds all 90.
  const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
  const today = berlin.format(new Date(now))
  const ROLLUP_DAYS = process.env.HEED_BENCH_API_ROLLUP_ALL === '1' ? DAYS : 32
  if (ROLLUP_DAYS < DAYS)
    await d1
      .prepare(
        "INSERT INTO rollup_state (site_id, timezone, built_through, updated_at) VALUES ('bench', 'Europe/Berlin', ?, ?)",
      )
      .bind(berlin.format(new Date(now - ROLLUP_DAYS * 86_400_000)), now)
      .run()
  const t0 = Date.now()
  for (let i = 0; i < 10; i++) if ((await bench.rollup(env, now)).days === 0) break
  const rollupSeconds = (Date.now() - t0) / 1000
  log(`rolled up ${ROLLUP_DAYS} days in ${rollupSeconds.toFixed(1)} s`)
  const check = await bench.check(env, today)
  log('rollups vs raw, 30 days:', JSON.stringify(check))
  if (check.rolledVisits !== check.rawVisits || check.rolledPageviews !== check.rawPageviews)
    throw new Error('rollups and raw events disagree')

  // Times are D1 execution time (meta.duration summed over a request's statements): the local
  // proxy adds a round trip of its own per call that a deployed Worker does not pay. Wall time
  // through the proxy is logged alongside.
  const timed = bench.timedD1(d1)
  async function time(kind, mode, runs, day = today) {
    const ms = []
    const wall = []
    await bench.query({ DB: timed.db }, kind, mode, day) // warm-up
    timed.take()
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      await bench.query({ DB: timed.db }, kind, mode, day)
      wall.push(performance.now() - t)
      ms.push(timed.take())
    }
    const q = (list, p) =>
      [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))]
    return { p50: q(ms, 0.5), p95: q(ms, 0.95), wall50: q(wall, 0.5) }
  }

  const rows = []
  const fmt = (x) => `${x.toFixed(1)} ms`
  const yesterday = berlin.format(new Date(now - 86_400_000))
  for (const kind of ['aggregate', 'timeseries', 'pages']) {
    const name = {
      aggregate: '30-day aggregate',
      timeseries: '30-day daily timeseries',
      pages: '30-day top pages',
    }[kind]
    // Ending today: 29 rolled-up days + today's raw rows. Ending yesterday: rollups only.
    const rolled = await time(kind, 'rollup', RUNS)
    const closed = await time(kind, 'rollup', RUNS, yesterday)
    let raw = null
    try {
      raw = await time(kind, 'raw', RAW_RUNS)
    } catch (err) {
      log(`raw ${kind} failed: ${err.message}`)
    }
    const base = raw ? fmt(raw.p50) : 'failed'
    rows.push([
      `${name} p50, rollups + raw today vs raw events`,
      fmt(rolled.p50),
      base,
      raw ? (rolled.p50 / raw.p50).toFixed(4) : '-',
      '≤ 50 ms',
    ])
    rows.push([
      `${name} p95, rollups + raw today vs raw events`,
      fmt(rolled.p95),
      raw ? fmt(raw.p95) : 'failed',
      raw ? (rolled.p95 / raw.p95).toFixed(4) : '-',
      '-',
    ])
    rows.push([
      `${name} p50, ending yesterday (rollups only) vs raw`,
      fmt(closed.p50),
      base,
      raw ? (closed.p50 / raw.p50).toFixed(4) : '-',
      '≤ 50 ms',
    ])
    log(
      `${kind}: rollups+today p50 ${fmt(rolled.p50)} p95 ${fmt(rolled.p95)} (wall ${fmt(rolled.wall50)}); rollups only p50 ${fmt(closed.p50)}; raw p50 ${raw ? fmt(raw.p50) : '-'} (wall ${raw ? fmt(raw.wall50) : '-'})`,
    )
  }
  rows.push([
    '30-day visitors (HyperLogLog vs exact)',
    String(check.hll),
    String(check.exactVisitors),
    (check.hll / check.exactVisitors).toFixed(4),
    '1 ± 0.02',
  ])
  rows.push([
    `rollup cron, ${ROLLUP_DAYS} days of ~${Math.round(EVENTS / DAYS)} events each`,
    `${rollupSeconds.toFixed(1)} s`,
    '-',
    '-',
    '-',
  ])

  console.log('| name | value | baseline | ratio | target |')
  console.log('|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`)
} finally {
  await proxy.dispose()
}
