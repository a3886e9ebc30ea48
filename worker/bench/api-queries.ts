/**
 * Benchmark-only (bench/api/run.mjs bundles this file; the worker never imports it).
 * The bench's side of the API's own query code (rollups vs raw events), bundled by run.mjs and
 * run in Node against wrangler's local D1 (getPlatformProxy), so the SQL is the worker's.
 */
import { runRollups, runTodayRollups } from '../src/query/rollups/build'
import type { Env } from '../src/env'
import { estimate } from '../src/query/hll'
import { periodOf } from '../src/query/period'
import {
  mergeSketches,
  metricRows,
  periodTotals,
  rawScope,
  rollupCoverage,
  visitorSketches,
} from '../src/query/stats'
import { type MetricRow, rawMetricsSql, rawVisitorsSql } from '../src/query/stats-sql'

const SITE = { id: 'bench', timezone: 'Europe/Berlin' }

export async function seed(
  d1: D1Database,
  from: number,
  count: number,
  start: number,
  days: number,
  total: number,
) {
  // Sessions of 4 events; ~30,000 visitors; 200 pages; sources, countries and devices cycle.
  const span = days * 86_400_000
  const sessions = Math.ceil(total / 4)
  await d1
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1 + ?2)
       INSERT INTO events (site_id, id, type, ts, received_at, vid, sid, url, path, source, medium, country, device, browser, os, marketing)
       SELECT 'bench', printf('e%08d', i),
         CASE WHEN i % 4 = 3 AND (i / 4) % 20 = 0 THEN 'purchase' ELSE 'pageview' END,
         ?3 + ((i / 4) * ?4) / ?5 + (i % 4) * 45000, ?3 + ((i / 4) * ?4) / ?5 + (i % 4) * 45000,
         'v' || (((i / 4) * 7919) % 30000), 's' || (i / 4),
         'https://bench.example/p/' || ((i * 31 + i / 4) % 200), '/p/' || ((i * 31 + i / 4) % 200),
         CASE (i / 4) % 5 WHEN 0 THEN 'google' WHEN 1 THEN NULL WHEN 2 THEN 'newsletter' WHEN 3 THEN 'facebook' ELSE 'bing' END,
         CASE (i / 4) % 5 WHEN 0 THEN 'search' WHEN 1 THEN NULL WHEN 2 THEN 'email' WHEN 3 THEN 'social' ELSE 'search' END,
         CASE (i / 4) % 10 WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' WHEN 2 THEN 'US' WHEN 3 THEN 'GB' WHEN 4 THEN 'NL' ELSE 'AT' END,
         CASE (i / 4) % 3 WHEN 0 THEN 'desktop' WHEN 1 THEN 'mobile' ELSE 'tablet' END,
         'Chrome', 'Linux', 0
       FROM n`,
    )
    .bind(from, count, start, span, sessions)
    .run()
  await d1
    .prepare(
      `INSERT OR IGNORE INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source)
       SELECT site_id, 'o' || id, id, vid, ts, 40 + (CAST(substr(id, 2) AS INTEGER) % 7) * 10, 'EUR',
         json_array(json_object('id', 'p' || (CAST(substr(id, 2) AS INTEGER) % 13), 'name', 'Product ' || (CAST(substr(id, 2) AS INTEGER) % 13), 'price', 40, 'quantity', 1)),
         source
       FROM events WHERE site_id = 'bench' AND type = 'purchase' AND id >= printf('e%08d', ?1) AND id < printf('e%08d', ?1 + ?2)`,
    )
    .bind(from, count)
    .run()
}

export type Kind = 'aggregate' | 'timeseries' | 'pages'

export async function query(env: Pick<Env, 'DB'>, kind: Kind, mode: 'rollup' | 'raw', today: string) {
  const d1 = env.DB
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)
  const period = periodOf(from, today, SITE.timezone)
  if (mode === 'rollup') {
    if (kind === 'aggregate') return periodTotals(d1, SITE, period, [])
    if (kind === 'timeseries')
      return (await metricRows(d1, SITE, period, { dims: [], bucket: 'day', filters: [] })).length
    const rows = await metricRows(d1, SITE, period, {
      dims: ['page'],
      bucket: 'day',
      filters: [],
      withTotals: false,
    })
    return rows.length
  }
  // The same questions straight from raw events over the whole period.
  const scope = rawScope(SITE, period.start, period.end, [])
  if (kind === 'aggregate') {
    const m = rawMetricsSql(scope, 'day', [], true)
    const v = rawVisitorsSql(scope)
    const [rows, vids] = await d1.batch([
      d1.prepare(m.sql).bind(...m.params),
      d1.prepare(v.sql).bind(...v.params),
    ])
    return [rows!.results.length, vids!.results.length]
  }
  const m = rawMetricsSql(scope, 'day', kind === 'pages' ? ['page'] : [], kind !== 'pages')
  return (
    await d1
      .prepare(m.sql)
      .bind(...m.params)
      .all()
  ).results.length
}

/** One cron run at `now`: whole days (bounded), then today up to the watermark. */
export async function rollup(env: Env, now: number) {
  const days = await runRollups(env, new Date(now), { daysPerSite: 30, daysPerRun: 30 })
  const today = await runTodayRollups(env, new Date(now))
  return { ...days, today: today.rolled }
}

/** Where today's partial rollup stops, and how many of today's events lie on either side. */
export async function watermark(env: Pick<Env, 'DB'>, today: string) {
  const cov = await rollupCoverage(env.DB, SITE)
  if (!cov.partial) return null
  const start = periodOf(today, today, SITE.timezone).start
  const count = (from: number, to: number) =>
    env.DB.prepare('SELECT count(*) AS n FROM events WHERE site_id = ? AND ts >= ? AND ts < ?')
      .bind(SITE.id, from, to)
      .first<{ n: number }>()
      .then((r) => r?.n ?? 0)
  return {
    until: cov.partial.until,
    late: cov.partial.late,
    before: await count(start, cov.partial.until),
    after: await count(cov.partial.until, Number.MAX_SAFE_INTEGER),
  }
}

/**
 * Events stamped before today's watermark that arrive after the run (client clocks behind,
 * offline flushes): `count` pageviews, a minute apart before it, each from a visitor seen today.
 */
export async function addLateEvents(env: Pick<Env, 'DB'>, until: number, receivedAt: number, count: number) {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1),
     recent AS (
       SELECT vid, row_number() OVER (ORDER BY ts DESC) AS rn FROM events
       WHERE site_id = 'bench' AND ts >= ?2 - 3 * 3600000 AND ts < ?2
     )
     INSERT INTO events (site_id, id, type, ts, received_at, vid, sid, url, path, browser, os, marketing)
     SELECT 'bench', printf('late%04d', i), 'pageview', ?2 - i * 60000, ?3,
       (SELECT vid FROM recent WHERE rn = i * 37),
       'late-s' || i, 'https://bench.example/p/late', '/p/late', 'Chrome', 'Linux', 0
     FROM n`,
  )
    .bind(count, until, receivedAt)
    .run()
}

/** The same rows summed per (bucket, dim, value), with every count, for comparing two paths. */
function keyed(rows: MetricRow[], byBucket: boolean) {
  const out = new Map<string, string>()
  const sums = new Map<string, number[]>()
  for (const r of rows) {
    const key = `${byBucket ? r.bucket : ''}|${r.dim}|${r.value}`
    const acc = sums.get(key) ?? [0, 0, 0, 0, 0, 0]
    const add = [r.visitors, r.visits, r.pageviews, r.events, r.bounces, r.duration_ms]
    sums.set(
      key,
      acc.map((x, i) => x + Number(add[i])),
    )
  }
  for (const [k, v] of [...sums].sort()) out.set(k, v.join(','))
  return JSON.stringify([...out])
}

/** Rollup and raw answers must agree before their speed is compared. */
export async function check(env: Pick<Env, 'DB'>, today: string) {
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)
  const period = periodOf(from, today, SITE.timezone)
  const rolled = await periodTotals(env.DB, SITE, period, [])
  const scope = rawScope(SITE, period.start, period.end, [])
  const m = rawMetricsSql(scope, 'day', ['page'], true)
  const raw = (
    await env.DB.prepare(m.sql)
      .bind(...m.params)
      .all<MetricRow>()
  ).results
  const v = rawVisitorsSql(scope)
  const distinct = new Set(
    (
      await env.DB.prepare(v.sql)
        .bind(...v.params)
        .all<{ vid: string }>()
    ).results.map((r) => r.vid),
  )
  const sketches = await visitorSketches(env.DB, SITE, period, [])
  const totals = raw.filter((r) => r.dim === '')
  const series = await metricRows(env.DB, SITE, period, { dims: [], bucket: 'day', filters: [] })
  const pages = await metricRows(env.DB, SITE, period, {
    dims: ['page'],
    bucket: 'day',
    filters: [],
    withTotals: false,
  })
  return {
    rolledVisits: rolled.visits,
    rawVisits: totals.reduce((a, r) => a + r.visits, 0),
    rolledPageviews: rolled.pageviews,
    rawPageviews: totals.reduce((a, r) => a + r.pageviews, 0),
    timeseriesEqual: keyed(series, true) === keyed(totals, true),
    pagesEqual:
      keyed(pages, false) ===
      keyed(
        raw.filter((r) => r.dim === 'page'),
        false,
      ),
    exactVisitors: distinct.size,
    hll: estimate(mergeSketches(sketches.values())),
  }
}

/**
 * A D1 handle that adds up `meta.duration` (time spent executing SQL inside D1) of every
 * statement, so a query path is timed without the local proxy's round-trip overhead.
 */
export function timedD1(d1: D1Database) {
  let ms = 0
  const add = (r: D1Result) => {
    ms += r.meta?.duration ?? 0
    return r
  }
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement =>
    ({
      raw: stmt,
      bind: (...v: unknown[]) => wrap(stmt.bind(...v)),
      all: async () => add(await stmt.all()),
      run: async () => add(await stmt.run()),
      first: async (col?: string) => {
        const r = add(await stmt.all())
        const row = (r.results[0] ?? null) as Record<string, unknown> | null
        return col ? (row?.[col] ?? null) : row
      },
    }) as unknown as D1PreparedStatement
  const db = {
    prepare: (sql: string) => wrap(d1.prepare(sql)),
    batch: async (stmts: D1PreparedStatement[]) =>
      (await d1.batch(stmts.map((s) => (s as unknown as { raw: D1PreparedStatement }).raw))).map(add),
  } as unknown as D1Database
  return {
    db,
    take: () => {
      const t = ms
      ms = 0
      return t
    },
  }
}
