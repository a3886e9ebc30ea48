// The bench dataset shared by bench/api and bench/dashboard: the site `bench` (Europe/Berlin, EUR)
// with EVENTS synthetic events over DAYS days ending `now` (worker/bench/api-queries.ts seeds them in
// SQL), then the rollup cron run until caught up, as a live site has it CRON_AGO_MIN minutes after
// its last run. `bench` is that module, bundled (bench/lib/bundle.mjs); `env` has the DB binding.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The project's migrations (migrations/*.sql), statement by statement, on a fresh local D1. */
export async function migrate(d1, root) {
  const dir = join(root, 'migrations')
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort())
    for (const stmt of readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint'))
      if (stmt.trim()) await d1.prepare(stmt).run()
}

export async function seedBenchSite(bench, env, { events, days, now, rollupDays, cronAgoMin, log }) {
  const d1 = env.DB
  const started = Date.now()
  await d1
    .prepare(
      `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
       VALUES ('bench', 'bench', '[]', '[]', 'EUR', 'Europe/Berlin', 395, 'opt-in', '{}', ?, ?)`,
    )
    .bind(now, now)
    .run()

  // DAYS days ending now, generated in SQL (recursive CTE), 25,000 rows per statement. The two
  // secondary indexes of events are built once afterwards: faster than maintaining them per row.
  const start = now - days * 86_400_000
  await d1.batch([d1.prepare('DROP INDEX events_site_ts'), d1.prepare('DROP INDEX events_site_vid')])
  for (let from = 0; from < events; from += 25_000)
    await bench.seed(d1, from, Math.min(25_000, events - from), start, days, events).catch((err) => {
      throw new Error(`seeding rows ${from}…: ${err.message}`)
    })
  await d1.prepare('CREATE INDEX events_site_ts ON events (site_id, ts)').run()
  await d1.prepare('CREATE INDEX events_site_vid ON events (site_id, vid, ts)').run()
  log(`seeded ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`)

  // The cron, run until caught up (bounded runs of at most 30 days each). With rollupDays < days
  // it starts there, as if the older days had been rolled up by earlier runs.
  const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
  if (rollupDays < days)
    await d1
      .prepare(
        "INSERT INTO rollup_state (site_id, timezone, built_through, updated_at) VALUES ('bench', 'Europe/Berlin', ?, ?)",
      )
      .bind(berlin.format(new Date(now - rollupDays * 86_400_000)), now)
      .run()
  const t0 = Date.now()
  const tick = now - cronAgoMin * 60_000
  for (let i = 0; i < 10; i++) if ((await bench.rollup(env, tick)).days === 0) break
  const rollupSeconds = (Date.now() - t0) / 1000
  log(`rolled up ${rollupDays} days and today in ${rollupSeconds.toFixed(1)} s`)
  return { today: berlin.format(new Date(now)), rollupSeconds }
}
