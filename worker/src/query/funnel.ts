/**
 * Funnels: ordered steps, each a dimension match on one event (`page==/cart`, `event==purchase`,
 * `source==google`, `search~=shoes`). A unit (a visit, or a visitor within N days) reaches step k
 * when, after reaching step k−1, it has a matching event later in time. The first time a unit
 * matches step 1 in the period starts its funnel; with a day window, later steps must follow
 * within N days of that start.
 */
import { compareSql, eventExpr, eventScope, type Filter } from './dimensions'
import type { Sql } from './stats-sql'

export type FunnelWindow = { kind: 'session' } | { kind: 'days'; days: number }

export function funnelSql(
  siteId: string,
  start: number,
  end: number,
  steps: Filter[],
  window: FunnelWindow,
): Sql {
  const params: (string | number)[] = []
  const matches = steps.map(
    (f, i) =>
      `(${eventScope(f.dimension, 'e')} AND ${compareSql(eventExpr(f.dimension, 'e'), f, params)}) AS m${i}`,
  )
  const unit = window.kind === 'session' ? "coalesce(e.sid, 'v:' || e.vid)" : 'e.vid'
  // With a day window a funnel started near the period's end may finish up to N days after it.
  const horizon = window.kind === 'days' ? end + window.days * 86_400_000 : end
  params.push(siteId, start, horizon, end)
  const ctes = [
    `ev AS (SELECT ${unit} AS u, e.ts, ${matches.join(', ')} FROM events e
      WHERE e.site_id = ? AND e.ts >= ? AND e.ts < ? AND coalesce(e.sid, e.vid) IS NOT NULL)`,
  ]
  const within = window.kind === 'days' ? ` AND e.ts <= s.t0 + ${window.days * 86_400_000}` : ''
  ctes.push(`s0 AS (SELECT u, min(ts) AS t0, min(ts) AS t FROM ev WHERE m0 AND ts < ? GROUP BY u)`)
  for (let i = 1; i < steps.length; i++)
    ctes.push(`s${i} AS (SELECT s.u, s.t0, min(e.ts) AS t FROM s${i - 1} s JOIN ev e ON e.u = s.u AND e.ts > s.t${within}
      WHERE e.m${i} GROUP BY s.u, s.t0)`)
  const counts = steps.map((_, i) => `(SELECT count(*) FROM s${i}) AS c${i}`).join(', ')
  return { sql: `WITH ${ctes.join(',\n')}\nSELECT ${counts}`, params }
}

export interface FunnelStep {
  step: string
  count: number
  /** Percent of step 1 that reached this step. */
  conversion_rate: number
  /** Percent of the previous step that reached this step. */
  step_conversion_rate: number
  dropoff: number
  dropoff_rate: number
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : 0)

function funnelSteps(labels: string[], counts: number[]): FunnelStep[] {
  return labels.map((step, i) => {
    const count = counts[i] ?? 0
    const prev = i === 0 ? count : (counts[i - 1] ?? 0)
    return {
      step,
      count,
      conversion_rate: pct(count, counts[0] ?? 0),
      step_conversion_rate: pct(count, prev),
      dropoff: prev - count,
      dropoff_rate: i === 0 ? 0 : pct(prev - count, prev),
    }
  })
}

export interface FunnelQuery {
  start: number
  end: number
  /** The step matches, in order. */
  steps: Filter[]
  /** How each step is named in the answer (the match as the caller wrote it). */
  labels: string[]
  window: FunnelWindow
}

/** A funnel over a site's events: each step's count with its conversion and drop-off. */
export async function funnelReport(d1: D1Database, siteId: string, q: FunnelQuery): Promise<FunnelStep[]> {
  const { sql, params } = funnelSql(siteId, q.start, q.end, q.steps, q.window)
  const row = await d1
    .prepare(sql)
    .bind(...params)
    .first<Record<string, number>>()
  return funnelSteps(
    q.labels,
    q.steps.map((_, i) => Number(row?.[`c${i}`] ?? 0)),
  )
}
