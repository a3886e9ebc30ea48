/**
 * The rollup cron jobs. `rollups` rebuilds whole local days of rollup_daily from raw events, a
 * bounded number per run, resuming where the last run stopped (rollup_state.built_through);
 * `rollups-today` then rolls up the current day up to a watermark a few minutes before the run.
 *
 * Which days: on first run, from the site's first event; afterwards the days not built yet, and
 * of the days an event could still land in those whose rows changed since they were built. A
 * client clock more than 24 h off is replaced by the server's, so an event received after the
 * previous run has ts ≥ that run − 24 h; one more hour covers queue delay. Such a day is rebuilt
 * only when its event count (an index range) or order count differs from the one it was rolled up
 * from (rollup_daily.raw_events, .orders), so a late event is counted by the next run and a day
 * nothing reached costs two counts, not a rebuild. Days changed behind the cron's back (an import
 * of old sales, an erasure, a backfill older than that window) are marked in rollup_dirty by whoever changed them, in the same batch
 * as the change (query/rollups/dirty.ts); a run rebuilds them within its budget and clears the mark.
 */
import type { Env } from '../../env'
import { ROLLUP_DIMENSIONS } from '../dimensions'
import { addToSketch, emptySketch, encodeSketch } from '../hll'
import { addDays, dayStart, daysBetween, localDay } from '../period'
import { METRIC_COLUMNS, rawMetricsSql, rawVisitorsSql } from '../stats-sql'
import { rawScope, type SiteClock } from '../stats'
import { DAY_MS } from '../../lib/time'

/** How far before the previous run a run re-checks days for late events (see above). */
export const LATE_ARRIVAL_MS = 25 * 3_600_000

/** Events stamped in [?2, ?3): a range of the (site_id, ts) index, no table row read. */
const EVENT_COUNT_SQL = 'SELECT count(*) AS n FROM events WHERE site_id = ?1 AND ts >= ?2 AND ts < ?3'

/**
 * Of the given whole days ({ day, start, end } as JSON, ?2), those whose events or orders no longer
 * number what the day was rolled up from (or that have no count: built before counts were kept).
 */
const CHANGED_DAYS_SQL = `SELECT d.value ->> 'day' AS day FROM json_each(?2) AS d
  WHERE NOT EXISTS (
    SELECT 1 FROM rollup_daily r
    WHERE r.site_id = ?1 AND r.dim = '' AND r.day = d.value ->> 'day' AND r.value = ''
      AND r.raw_events = (SELECT count(*) FROM events
        WHERE site_id = ?1 AND ts >= d.value ->> 'start' AND ts < d.value ->> 'end')
      AND r.orders = (SELECT count(*) FROM orders
        WHERE site_id = ?1 AND ts >= d.value ->> 'start' AND ts < d.value ->> 'end'))`

export interface RollupBudget {
  /** Days rebuilt per site per run. */
  daysPerSite: number
  /** Days rebuilt per run across all sites. */
  daysPerRun: number
}

export const DEFAULT_BUDGET: RollupBudget = { daysPerSite: 14, daysPerRun: 60 }

/**
 * The statements that rebuild one local day of one site, to run as one D1 batch: the whole day,
 * or with `watermark` the part of it stamped and received before that instant. Rebuilding the day
 * of a partial rollup also retires the partial state in that batch, so no reader pairs new rows
 * with an old watermark.
 */
async function dayStatements(
  d1: D1Database,
  site: SiteClock,
  day: string,
  watermark?: number,
): Promise<D1PreparedStatement[]> {
  const end = watermark ?? dayStart(addDays(day, 1), site.timezone)
  const scope = {
    ...rawScope(site, dayStart(day, site.timezone), end, []),
    ...(watermark === undefined ? {} : { receivedBefore: watermark }),
  }
  // Unfiltered, a day's visitors are simply its distinct visitor ids (an index range). A whole
  // day's event count is read with them (one snapshot): an event stored after this read, even one
  // the batch below counts, makes the next run's count differ, so that run rebuilds the day again
  // rather than keep a sketch without its visitor.
  const { sql, params } = rawVisitorsSql(scope)
  const reads = [d1.prepare(sql).bind(...params)]
  if (watermark === undefined) reads.push(d1.prepare(EVENT_COUNT_SQL).bind(site.id, scope.start, scope.end))
  const [visitors, counted] = await d1.batch<{ vid: string; n: number }>(reads)
  const vids = visitors!.results
  const rawEvents = counted?.results[0]?.n ?? null
  const sketch = emptySketch()
  for (const r of vids) addToSketch(sketch, r.vid)

  const metrics = rawMetricsSql(scope, 'day', ROLLUP_DIMENSIONS, true)
  const sums = METRIC_COLUMNS.map((c) => `sum(${c})`).join(', ')
  const dims = JSON.stringify(['', ...ROLLUP_DIMENSIONS])
  return [
    d1
      .prepare(
        'DELETE FROM rollup_daily WHERE site_id = ? AND dim IN (SELECT value FROM json_each(?)) AND day = ?',
      )
      .bind(site.id, dims, day),
    d1
      .prepare(
        `INSERT INTO rollup_daily (site_id, day, dim, value, ${METRIC_COLUMNS.join(', ')})
         SELECT ?, bucket, dim, value, ${sums} FROM (${metrics.sql}) GROUP BY bucket, dim, value`,
      )
      .bind(site.id, ...metrics.params),
    d1
      .prepare(
        `INSERT INTO rollup_daily (site_id, dim, day, value, sketch, raw_events) VALUES (?, '', ?, '', ?, ?)
         ON CONFLICT DO UPDATE SET sketch = excluded.sketch, raw_events = excluded.raw_events`,
      )
      .bind(site.id, day, vids.length ? encodeSketch(sketch) : null, rawEvents),
    d1
      .prepare('UPDATE rollup_state SET partial_day = NULL WHERE site_id = ? AND partial_day = ?')
      .bind(site.id, day),
  ]
}

/**
 * Rebuilds one whole local day of one site atomically (one D1 batch), and clears its rollup_dirty
 * mark. The mark goes only if the day still has the events its visitor ids were read with: an
 * erasure stored between that read and the batch leaves it, so the next run rebuilds again.
 */
export async function rebuildDay(d1: D1Database, site: SiteClock, day: string): Promise<void> {
  await d1.batch([
    ...(await dayStatements(d1, site, day)),
    d1
      .prepare(
        `DELETE FROM rollup_dirty WHERE site_id = ?1 AND day = ?2
           AND (SELECT raw_events FROM rollup_daily WHERE site_id = ?1 AND dim = '' AND day = ?2 AND value = '')
             = (SELECT count(*) FROM events WHERE site_id = ?1 AND ts >= ?3 AND ts < ?4)`,
      )
      .bind(site.id, day, dayStart(day, site.timezone), dayStart(addDays(day, 1), site.timezone)),
  ])
}

interface StateRow {
  timezone: string
  built_through: string | null
  last_run_at: number | null
}

/**
 * Days of one site that need (re)building now, oldest first, within `limit`. When there are more,
 * changed days late events can still reach go first (their window closes), then days never built,
 * then days marked dirty (a mark waits for the next run). `wholeFrom` is the oldest local day whose
 * events retention has not begun to purge: a dirty day before it is not rebuilt (that would drop
 * its purged events from the rollup) and its mark is dropped.
 */
export async function pendingDays(
  d1: D1Database,
  site: SiteClock,
  state: StateRow | null,
  now: number,
  limit: number,
  wholeFrom: string,
): Promise<string[]> {
  const yesterday = addDays(localDay(now, site.timezone), -1)
  // Days never built (from the site's first event, or after built_through) are all pending; built
  // days late events can still reach are checked for changes.
  let from: string | null = null
  let recheck: string[] = []
  if (state?.built_through) {
    from = addDays(state.built_through, 1)
    if (state.last_run_at !== null) {
      const late = localDay(state.last_run_at - LATE_ARRIVAL_MS, site.timezone)
      if (late <= state.built_through)
        recheck = daysBetween(late, state.built_through).filter((d) => d <= yesterday)
    }
  } else {
    const first = await d1
      .prepare(
        'SELECT min(ts) AS ts FROM (SELECT min(ts) AS ts FROM events WHERE site_id = ?1 UNION ALL SELECT min(ts) FROM orders WHERE site_id = ?1)',
      )
      .bind(site.id)
      .first<{ ts: number | null }>()
    if (first?.ts != null) from = localDay(first.ts, site.timezone)
  }
  const ranges = recheck.map((day) => ({
    day,
    start: dayStart(day, site.timezone),
    end: dayStart(addDays(day, 1), site.timezone),
  }))
  const [dirty, changed] = await d1.batch<{ day: string }>([
    d1
      .prepare(
        'SELECT day FROM rollup_dirty WHERE site_id = ? AND day >= ? AND day <= ? ORDER BY day LIMIT ?',
      )
      .bind(site.id, wholeFrom, yesterday, limit),
    d1.prepare(CHANGED_DAYS_SQL).bind(site.id, JSON.stringify(ranges)),
    d1.prepare('DELETE FROM rollup_dirty WHERE site_id = ? AND day < ?').bind(site.id, wholeFrom),
  ])
  const unbuilt = from && from <= yesterday ? daysBetween(from, yesterday) : []
  const days = new Set([
    ...changed!.results.map((d) => d.day),
    ...unbuilt,
    ...dirty!.results.map((d) => d.day),
  ])
  return [...days].slice(0, limit).sort()
}

/** Brings one site's rollups forward by at most `limit` days; returns the days rebuilt. */
export async function rollupSite(
  d1: D1Database,
  site: SiteClock,
  now: number,
  limit: number,
): Promise<number> {
  const row = await d1
    .prepare(
      `SELECT s.retention_days, r.timezone, r.built_through, r.last_run_at
       FROM sites s LEFT JOIN rollup_state r ON r.site_id = s.id WHERE s.id = ?`,
    )
    .bind(site.id)
    .first<{ retention_days: number } & { [K in keyof StateRow]: StateRow[K] | null }>()
  let state: StateRow | null = row?.timezone
    ? { timezone: row.timezone, built_through: row.built_through, last_run_at: row.last_run_at }
    : null
  if (state && state.timezone !== site.timezone) {
    // Days are local: a new timezone moves every boundary (and every mark's day), so start over.
    await d1.batch([
      d1.prepare('DELETE FROM rollup_daily WHERE site_id = ?').bind(site.id),
      d1.prepare('DELETE FROM rollup_state WHERE site_id = ?').bind(site.id),
      d1.prepare('DELETE FROM rollup_dirty WHERE site_id = ?').bind(site.id),
    ])
    state = null
  }
  const yesterday = addDays(localDay(now, site.timezone), -1)
  // Retention (consent/retention.ts) deletes events stamped before now − retention_days: the day that
  // instant falls in is already partly gone, the next one is whole.
  const retentionDays = row?.retention_days ?? null
  const wholeFrom =
    retentionDays === null ? '' : addDays(localDay(now - retentionDays * DAY_MS, site.timezone), 1)
  const days = await pendingDays(d1, site, state, now, limit, wholeFrom)
  for (const day of days) await rebuildDay(d1, site, day)

  // built_through only moves over contiguous built days; last_run_at only once caught up.
  let through = state?.built_through ?? null
  for (const d of days) if (!through || d === addDays(through, 1)) through = d
  const caughtUp = days.length < limit || through === yesterday
  if (caughtUp) through = yesterday
  await d1
    .prepare(
      `INSERT INTO rollup_state (site_id, timezone, built_through, last_run_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (site_id) DO UPDATE SET timezone = excluded.timezone, built_through = excluded.built_through,
         last_run_at = excluded.last_run_at, updated_at = excluded.updated_at`,
    )
    .bind(site.id, site.timezone, through, caughtUp ? now : (state?.last_run_at ?? null), now)
    .run()
  return days.length
}

/**
 * Runs rollupSite for every site within the run's budget, fairly: a site with a long backlog (90
 * days of imported history, many dirty days) must not starve the sites after it run after run.
 * Sites go least recently served first (rollup_state.updated_at, which every rollupSite call
 * writes, so a site the budget did not reach last run leads this one; never-served sites first).
 * Each first gets an equal share of the run's budget; what is left goes, in the same order, to the
 * sites that used their whole share (up to daysPerSite in all). A site with nothing to do is
 * called once: only a backlog costs a second call.
 */
export async function runRollups(env: Env, now: Date, budget = DEFAULT_BUDGET) {
  const { results: sites } = await env.DB.prepare(
    `SELECT s.id, s.timezone FROM sites s LEFT JOIN rollup_state r ON r.site_id = s.id
     ORDER BY r.updated_at IS NOT NULL, r.updated_at, s.id`,
  ).all<SiteClock>()
  const share = Math.min(budget.daysPerSite, Math.max(1, Math.floor(budget.daysPerRun / sites.length)))
  let left = budget.daysPerRun
  let rebuilt = 0
  const more: { site: SiteClock; got: number }[] = []
  for (const site of sites) {
    if (left <= 0) break
    const limit = Math.min(share, left)
    const n = await rollupSite(env.DB, site, now.getTime(), limit)
    rebuilt += n
    left -= n
    if (n === limit && n < budget.daysPerSite) more.push({ site, got: n })
  }
  for (const { site, got } of more) {
    if (left <= 0) break
    const n = await rollupSite(env.DB, site, now.getTime(), Math.min(budget.daysPerSite - got, left))
    rebuilt += n
    left -= n
  }
  return { sites: sites.length, days: rebuilt }
}

/**
 * How far behind the run today's rollup stops. Events reach D1 through the queue a second or so
 * after they are received, so all received before the watermark are stored by the run. Events
 * stamped before it that arrive later (a client clock behind, an offline flush) are read with the
 * rows after it (query/stats.ts, PartialDay.late).
 */
export const WATERMARK_LAG_MS = 5 * 60_000

/**
 * Rolls up today, up to the watermark (now − WATERMARK_LAG_MS), into rollup_daily, once the site's
 * whole days are caught up: the events stamped and received before the watermark (so what the
 * rollup holds is defined by the rows alone), and the orders stamped before it. Rows, watermark
 * and the event and order counts (which queries compare to detect late arrivals) are written in
 * one batch. Returns whether it ran.
 */
export async function rollupToday(d1: D1Database, site: SiteClock, now: number): Promise<boolean> {
  const state = await d1
    .prepare('SELECT timezone, built_through FROM rollup_state WHERE site_id = ?')
    .bind(site.id)
    .first<{ timezone: string; built_through: string | null }>()
  const today = localDay(now, site.timezone)
  if (state?.timezone !== site.timezone || state.built_through !== addDays(today, -1)) return false
  const from = dayStart(today, site.timezone)
  const until = now - WATERMARK_LAG_MS
  if (until <= from) return false
  await d1.batch([
    ...(await dayStatements(d1, site, today, until)),
    d1
      .prepare(
        `UPDATE rollup_state SET partial_day = ?2, partial_from = ?3, partial_until = ?4,
           partial_events = (SELECT count(*) FROM events WHERE site_id = ?1 AND ts >= ?3 AND ts < ?4 AND received_at < ?4),
           partial_orders = (SELECT count(*) FROM orders WHERE site_id = ?1 AND ts >= ?3 AND ts < ?4)
         WHERE site_id = ?1`,
      )
      .bind(site.id, today, from, until),
  ])
  return true
}

/**
 * Runs rollupToday for at most `maxSites` sites, the stalest watermark first. Only sites whose whole
 * days have been rolled up in their current timezone can take a slot: the others would get none of
 * today anyway, and as the first in that order they could fill every slot and starve the rest.
 */
export async function runTodayRollups(env: Env, now: Date, maxSites = 60) {
  const { results: sites } = await env.DB.prepare(
    `SELECT s.id, s.timezone FROM sites s JOIN rollup_state r ON r.site_id = s.id
     WHERE r.built_through IS NOT NULL AND r.timezone = s.timezone
     ORDER BY r.partial_until IS NOT NULL, r.partial_until, s.id LIMIT ?`,
  )
    .bind(maxSites)
    .all<SiteClock>()
  let rolled = 0
  for (const site of sites) if (await rollupToday(env.DB, site, now.getTime())) rolled++
  return { sites: sites.length, rolled }
}
