import { type RunOptions, runProfilingAlone } from './run'

/** One row of the profiling run log (profiling_runs), as stored. */
export interface StoredRun {
  id: number
  site_id: string
  provider: string
  model: string
  status: 'ok' | 'error'
  error: string | null
  candidates: number
  profiled: number
  skipped_unchanged: number
  deferred: number
  fallbacks: number
  personas: number
  model_calls: number
  tokens_in: number
  tokens_out: number
  latency_ms: number
  started_at: number
  finished_at: number | null
}

const SELECT_RUN = `SELECT id, site_id, provider, model, status, error, candidates, profiled, skipped_unchanged, deferred,
  fallbacks, personas, model_calls, tokens_in, tokens_out, latency_ms, started_at, finished_at FROM profiling_runs`

/**
 * Profiles a site now and answers with the run's logged row (what the run list shows of it), or
 * null when another run of the site is in progress (it holds the site's lease).
 */
export async function profileNow(options: RunOptions): Promise<StoredRun | null> {
  const summary = await runProfilingAlone(options)
  if (!summary) return null
  const row = await options.db.prepare(`${SELECT_RUN} WHERE id = ?`).bind(summary.runId).first<StoredRun>()
  return row!
}

/** A site's latest `limit` profiling runs, newest first. */
export async function latestRuns(d1: D1Database, siteId: string, limit: number): Promise<StoredRun[]> {
  const { results } = await d1
    .prepare(`${SELECT_RUN} WHERE site_id = ? ORDER BY id DESC LIMIT ?`)
    .bind(siteId, limit)
    .all<StoredRun>()
  return results
}
