import { db } from '../db/client'
import { readCursor, writeCursor } from '../db/queries/cursors'
import { getSite } from '../site/load'
import type { Env } from '../env'
import { budgetFrom } from './budget'
import { resolveProvider } from './providers'
import { type Budget, type RunSummary, runProfilingAlone } from './run'

/**
 * The cron's profiling: sites in turn, starting after the one the last run ended on, each
 * spending what the previous ones left of the run's budget. A site that has nothing new costs
 * one query.
 */
export async function profileSites(env: Env, now: Date) {
  const provider = resolveProvider(env)
  const budget = budgetFrom(env)
  const { results } = await env.DB.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>()
  const ids = results.map((r) => r.id)
  const after = await readCursor(env.DB, 'profiling')
  const start = Math.max(
    0,
    ids.findIndex((id) => after !== null && id > after),
  )
  const order = after === null ? ids : [...ids.slice(start), ...ids.slice(0, start)]
  const totals = { sites: 0, profiled: 0, personas: 0, tokens: 0, deferred: 0, errors: 0, busy: 0 }
  let last: string | null = null
  for (const id of order) {
    const left: Budget = {
      maxVisitors: budget.maxVisitors - totals.profiled,
      maxTokens: budget.maxTokens - totals.tokens,
    }
    if (left.maxVisitors <= 0 || left.maxTokens <= 0) break
    const site = await getSite(db(env.DB), id)
    if (!site) continue
    const r: RunSummary | null = await runProfilingAlone({
      db: env.DB,
      site,
      provider,
      budget: left,
      now: now.getTime(),
      trigger: 'cron',
    })
    // An on-demand run of this site is in progress: it spends its own budget on these visitors.
    if (!r) {
      totals.busy++
      continue
    }
    totals.sites++
    totals.profiled += r.profiled
    totals.personas += r.personas
    totals.tokens += r.tokensIn + r.tokensOut
    totals.deferred += r.deferred
    if (r.status === 'error') totals.errors++
    last = id
  }
  if (last) await writeCursor(env.DB, 'profiling', last, now.getTime())
  return { provider: provider.kind, ...totals }
}
