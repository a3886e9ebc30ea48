// bench/api: a million synthetic events over 90 days in a local D1 (wrangler's getPlatformProxy,
// persisted under .wrangler/bench-api). Times the 30-day aggregate, daily timeseries and top pages
// read from rollups against the same questions computed from raw events, in the same run, with
// the worker's own query code. Prints `| name | value | baseline | ratio | target |` rows.
//
// Today is as a live site has it: the cron last ran CRON_AGO_MIN minutes ago (just before the next
// 15-minute run, the worst case), so today is rolled up to that run's watermark and the events
// since then (visits crossing the watermark among them) are read raw, with LATE_EVENTS events
// stamped before the watermark that arrived after the run.
import { rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { getPlatformProxy } from 'wrangler'
import { bundleAndImport } from '../lib/bundle.mjs'
import { migrate, seedBenchSite } from '../lib/dataset.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const EVENTS = Number(process.env.HEED_BENCH_API_EVENTS ?? 1_000_000)
const DAYS = 90
const RUNS = Number(process.env.HEED_BENCH_API_RUNS ?? 30)
const RAW_RUNS = Number(process.env.HEED_BENCH_API_RAW_RUNS ?? 3)
const log = (...a) => console.error('[bench/api]', ...a)
const started = Date.now()

const CRON_AGO_MIN = Number(process.env.HEED_BENCH_API_CRON_AGO_MIN ?? 14)
const LATE_EVENTS = Number(process.env.HEED_BENCH_API_LATE_EVENTS ?? 10)
const bench = await bundleAndImport(
  join(root, 'worker', 'bench', 'api-queries.ts'),
  join(root, '.wrangler', 'bench-api', 'bench.mjs'),
)

const persist = join(root, '.wrangler', 'bench-api', 'state')
rmSync(persist, { recursive: true, force: true })
const proxy = await getPlatformProxy({ configPath: join(root, 'wrangler.toml'), persist: { path: persist } })
const env = proxy.env
const d1 = env.DB

try {
  await migrate(d1, root)
  const now = Date.now()
  // The 30-day questions read only the last 31 days, so by default the cron starts there;
  // HEED_BENCH_API_ROLLUP_ALL=1 builds all 90.
  const ROLLUP_DAYS = process.env.HEED_BENCH_API_ROLLUP_ALL === '1' ? DAYS : 32
  const { today, rollupSeconds } = await seedBenchSite(bench, env, {
    events: EVENTS,
    days: DAYS,
    now,
    rollupDays: ROLLUP_DAYS,
    cronAgoMin: CRON_AGO_MIN,
    log,
  })
  const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
  // And a few events stamped before the watermark that arrived after the run (clocks behind).
  const first = await bench.watermark(env, today)
  if (!first) throw new Error("today's partial rollup is missing")
  await bench.addLateEvents(env, first.until, now, LATE_EVENTS)
  const mark = await bench.watermark(env, today)
  if (!mark?.late) throw new Error('the late events should be seen as late')
  log(
    `today: ${mark.before} events before the watermark (${new Date(mark.until).toISOString()}), ${LATE_EVENTS} of them late, ${mark.after} after it`,
  )
  const check = await bench.check(env, today)
  log('rollups vs raw, 30 days:', JSON.stringify(check))
  if (
    check.rolledVisits !== check.rawVisits ||
    check.rolledPageviews !== check.rawPageviews ||
    !check.timeseriesEqual ||
    !check.pagesEqual
  )
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
  const ratio = (a, b) => (b ? (a / b).toFixed(4) : '-')
  const yesterday = berlin.format(new Date(now - 86_400_000))
  const KINDS = {
    aggregate: '30-day aggregate',
    timeseries: '30-day daily timeseries',
    pages: '30-day top pages',
  }
  const measured = {}
  for (const kind of Object.keys(KINDS)) {
    // Ending today: 29 rolled-up days + today to the watermark + the raw rows after it.
    // Ending yesterday: rollups only.
    const rolled = await time(kind, 'rollup', RUNS)
    const closed = await time(kind, 'rollup', RUNS, yesterday)
    let raw = null
    try {
      raw = await time(kind, 'raw', RAW_RUNS)
    } catch (err) {
      log(`raw ${kind} failed: ${err.message}`)
    }
    measured[kind] = { rolled, closed, raw }
  }
  // The same questions without today's partial rollup (all of today raw), as before it existed.
  await d1.prepare("UPDATE rollup_state SET partial_day = NULL WHERE site_id = 'bench'").run()
  for (const kind of Object.keys(KINDS)) measured[kind].todayRaw = await time(kind, 'rollup', RUNS)

  for (const [kind, name] of Object.entries(KINDS)) {
    const { rolled, closed, raw, todayRaw } = measured[kind]
    const base = raw ? fmt(raw.p50) : 'failed'
    rows.push([
      `${name} p50, rollups + raw after today's watermark vs raw events`,
      fmt(rolled.p50),
      base,
      raw ? ratio(rolled.p50, raw.p50) : '-',
      '≤ 50 ms',
    ])
    rows.push([
      `${name} p95, rollups + raw after today's watermark vs raw events`,
      fmt(rolled.p95),
      raw ? fmt(raw.p95) : 'failed',
      raw ? ratio(rolled.p95, raw.p95) : '-',
      '-',
    ])
    rows.push([
      `${name} p50, rollups + raw after the watermark vs all of today raw`,
      fmt(rolled.p50),
      fmt(todayRaw.p50),
      ratio(rolled.p50, todayRaw.p50),
      '< 1',
    ])
    rows.push([
      `${name} p50, ending yesterday (rollups only) vs raw`,
      fmt(closed.p50),
      base,
      raw ? ratio(closed.p50, raw.p50) : '-',
      '≤ 50 ms',
    ])
    log(
      `${kind}: rollups+after watermark p50 ${fmt(rolled.p50)} p95 ${fmt(rolled.p95)} (wall ${fmt(rolled.wall50)}); all of today raw p50 ${fmt(todayRaw.p50)} p95 ${fmt(todayRaw.p95)}; rollups only p50 ${fmt(closed.p50)}; raw p50 ${raw ? fmt(raw.p50) : '-'} (wall ${raw ? fmt(raw.wall50) : '-'})`,
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
    `rollup cron, ${ROLLUP_DAYS} days of ~${Math.round(EVENTS / DAYS)} events each, and today`,
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
