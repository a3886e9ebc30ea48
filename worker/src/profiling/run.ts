import { stillGrantingMarketing } from '../consent/state'
import { db as drizzle } from '../db/client'
import { withLease } from '../db/queries/leases'
import type { Site } from '../site/load'
import { extractFeatures, type OfflineRecord, type VisitorFeatures } from './features'
import { type BatchVisitor, type Fallback, namePersona, profileBatch, type Usage } from './generate'
import { sha256Hex } from '../lib/hash'
import { clusterFeatures, uniqueNames } from './personas'
import { PROFILE_SYSTEM, PROMPT_VERSION, profilePrompt, visitorPayload } from './prompt'
import type { ProfilingProvider } from './providers'
import { rulesPersona, rulesProfile } from './rules'
import type { PersonaText, Profile } from './schema'
import {
  type Candidate,
  deleteSupersededProfiles,
  deleteWithdrawnProfiles,
  loadActivity,
  loadOfflineSurveys,
  loadPersonas,
  loadProfiledFeatures,
  type ProfileRow,
  type Member,
  runBatched,
  saveMembers,
  selectCandidates,
  touchProfile,
  upsertProfile,
} from './store'
import { estimateTokens } from './tokens'
import { DAY_MS } from '../lib/time'

export interface Budget {
  /** Profiles made (model or rules) per run: one per person, or per unlinked visitor. */
  maxVisitors: number
  /** Input + output tokens per run, persona naming included. */
  maxTokens: number
}

export interface RunOptions {
  db: D1Database
  site: Site
  provider: ProfilingProvider
  budget: Budget
  now: number
  trigger: 'cron' | 'admin'
  /** Offline records per id; by default the survey answers imported by the sources area. */
  loadOffline?: (siteId: string, vids: string[]) => Promise<Map<string, OfflineRecord[]>>
  /** Output tokens reserved per visitor when checking the budget before a call. */
  outputTokensPerVisitor?: number
  maxRetries?: number
  /** A profile untouched this long is reconsidered even without new events. */
  refreshAfterDays?: number
}

export interface RunSummary {
  runId: number
  siteId: string
  provider: string
  model: string
  candidates: number
  profiled: number
  skippedUnchanged: number
  deferred: number
  fallbacks: number
  personas: number
  modelCalls: number
  tokensIn: number
  tokensOut: number
  latencyMs: number
  withdrawn: number
  status: 'ok' | 'error'
  error?: string
}

/** Day counts that move a lifecycle stage are bucketed, so the hash changes exactly when a stage can. */
function bucketDays(d: number | null) {
  if (d === null) return null
  return d <= 7
    ? 'week'
    : d <= 30
      ? 'month'
      : d <= 60
        ? '2months'
        : d <= 90
          ? '3months'
          : d <= 120
            ? '4months'
            : 'older'
}

export async function featureHash(payload: VisitorFeatures) {
  const stable = {
    ...payload,
    recencyDays: bucketDays(payload.recencyDays),
    firstSeenDays: bucketDays(payload.firstSeenDays),
    daysSinceLastOrder: bucketDays(payload.daysSinceLastOrder),
  }
  return sha256Hex(JSON.stringify(stable))
}

interface Prepared {
  /** The anchor: the visitor id the (person's) profile is stored under. */
  vid: string
  /** Every id pooled into this profile (one for an unlinked visitor). */
  members: Member[]
  lastTs: number
  features: VisitorFeatures
  /** Scrubbed, token-capped features: what is stored and what a model sees. */
  payload: VisitorFeatures
  hash: string
}

/**
 * runProfiling under the site's lease (`profiling:<site>`), which the cron and on-demand runs both
 * take: two runs of one site never overlap, so no visitor is profiled (and paid for) twice. Null,
 * with nothing done, when another run holds the lease.
 */
export async function runProfilingAlone(options: RunOptions): Promise<RunSummary | null> {
  const outcome = await withLease(options.db, `profiling:${options.site.id}`, () => runProfiling(options))
  return outcome.ran ? outcome.value : null
}

/** One site's profiling run: features → personas → profiles, within the budget, with one summary row. */
export async function runProfiling(options: RunOptions): Promise<RunSummary> {
  const { db, site, provider, now } = options
  const modelId = provider.modelId
  const started = Date.now()
  const inserted = await db
    .prepare(
      `INSERT INTO profiling_runs (site_id, trigger, provider, model, prompt_version, started_at, status, error)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'running', ?7) RETURNING id`,
    )
    .bind(
      site.id,
      options.trigger,
      provider.kind,
      modelId,
      PROMPT_VERSION,
      now,
      provider.kind === 'rules' ? (provider.reason ?? null) : null,
    )
    .first<{ id: number }>()
  const runId = inserted!.id
  const summary: RunSummary = {
    runId,
    siteId: site.id,
    provider: provider.kind,
    model: modelId,
    candidates: 0,
    profiled: 0,
    skippedUnchanged: 0,
    deferred: 0,
    fallbacks: 0,
    personas: 0,
    modelCalls: 0,
    tokensIn: 0,
    tokensOut: 0,
    latencyMs: 0,
    withdrawn: 0,
    status: 'ok',
  }
  try {
    await profileSite(options, runId, summary)
  } catch (err) {
    summary.status = 'error'
    summary.error = err instanceof Error ? err.message : String(err)
  }
  await db
    .prepare(
      `UPDATE profiling_runs SET finished_at = ?2, candidates = ?3, profiled = ?4, skipped_unchanged = ?5, deferred = ?6,
         fallbacks = ?7, personas = ?8, model_calls = ?9, tokens_in = ?10, tokens_out = ?11, latency_ms = ?12,
         status = ?13, error = COALESCE(?14, error) WHERE id = ?1`,
    )
    .bind(
      runId,
      now + (Date.now() - started),
      summary.candidates,
      summary.profiled,
      summary.skippedUnchanged,
      summary.deferred,
      summary.fallbacks,
      summary.personas,
      summary.modelCalls,
      summary.tokensIn,
      summary.tokensOut,
      summary.latencyMs,
      summary.status,
      summary.error ?? null,
    )
    .run()
  return summary
}

async function profileSite(options: RunOptions, runId: number, summary: RunSummary) {
  const { db, site, provider, budget, now } = options
  const spend = (u: Usage) => {
    summary.modelCalls += u.calls
    summary.tokensIn += u.tokensIn
    summary.tokensOut += u.tokensOut
    summary.latencyMs += u.latencyMs
  }
  const tokensLeft = () => budget.maxTokens - summary.tokensIn - summary.tokensOut
  const drizzleDb = drizzle(db)

  summary.withdrawn = await deleteWithdrawnProfiles(db, site.id)
  await deleteSupersededProfiles(db, site.id)
  const staleBefore = now - (options.refreshAfterDays ?? 7) * DAY_MS
  // Some candidates will turn out unchanged, so look further than the visitor budget.
  const candidates = await selectCandidates(db, site.id, staleBefore, Math.max(1, budget.maxVisitors) * 3)
  summary.candidates = candidates.length
  if (!candidates.length) return

  // Features for every candidate, pooled over the ids of its person; unchanged ones only get their
  // watermark moved.
  const members = candidates.flatMap((c) => c.members)
  const vids = members.map((m) => m.vid)
  const { events, orders } = await loadActivity(db, site.id, members)
  const offline = await (options.loadOffline ?? ((s, v) => loadOfflineSurveys(db, s, v)))(site.id, vids)
  const pooled = <T>(byVid: Map<string, T[]>, c: Candidate) =>
    c.members.flatMap((m) => byVid.get(m.vid) ?? [])
  const todo: Prepared[] = []
  const unchanged: Prepared[] = []
  for (const c of candidates) {
    const features = extractFeatures(pooled(events, c), pooled(orders, c), {
      now,
      timezone: site.timezone,
      categoryPatterns: site.settings.categoryPatterns,
      offline: pooled(offline, c),
    })
    const payload = visitorPayload(features).value
    const prepared: Prepared = {
      vid: c.vid,
      members: c.members,
      lastTs: c.last_ts,
      features,
      payload,
      hash: await featureHash(payload),
    }
    // An id that left the subject (a merge undone) means the stored profile holds data that is no
    // longer this subject's: it is made again even when the features happen to hash the same.
    const current = new Set(c.members.map((m) => m.vid))
    const left = c.stored_members.some((v) => !current.has(v))
    if (c.profile_hash === prepared.hash && !left) unchanged.push(prepared)
    else todo.push(prepared)
  }
  summary.skippedUnchanged = unchanged.length

  // Personas over the whole profiled population plus this run's visitors.
  const fresh = new Set(candidates.map((c) => c.vid))
  const others = (await loadProfiledFeatures(db, site.id, 2000)).filter((r) => !fresh.has(r.vid))
  const population = [
    ...todo.map((p) => ({ vid: p.vid, features: p.payload })),
    ...unchanged.map((p) => ({ vid: p.vid, features: p.payload })),
    ...others.map((r) => ({ vid: r.vid, features: JSON.parse(r.features) as VisitorFeatures })),
  ]
  const personaOf = new Map<string, { id: string; name: string }>()
  const personaNames = await buildPersonas(options, runId, population, personaOf, spend, tokensLeft)
  summary.personas = personaNames.length

  const segments = (site.settings.segments.length ? site.settings.segments : personaNames) as [
    string,
    ...string[],
  ]
  const rules = (p: Prepared): Profile =>
    rulesProfile(p.features, site.settings.segments, personaOf.get(p.vid)?.name)

  const writes: D1PreparedStatement[] = unchanged.flatMap((p) => [
    touchProfile(db, site.id, p.vid, p.lastTs, personaOf.get(p.vid)?.id ?? null, now),
    ...saveMembers(db, site.id, p.vid, p.members),
  ])
  /** A profile and the ids it was built from, written together (members first: see saveMembers). */
  const save = (p: Prepared, r: ProfileRow) => [
    ...saveMembers(db, site.id, p.vid, p.members),
    upsertProfile(db, site.id, runId, now, r),
  ]
  // Visitors profiled earlier and not reconsidered now still move to this run's personas.
  for (const r of others) {
    const persona = personaOf.get(r.vid)
    if (persona)
      writes.push(
        db
          .prepare('UPDATE profiles SET persona_id = ?3 WHERE site_id = ?1 AND vid = ?2')
          .bind(site.id, r.vid, persona.id),
      )
  }

  const row = (
    p: Prepared,
    profile: Profile,
    fallback: Fallback | null,
    cost: Omit<Usage, 'calls'>,
  ): ProfileRow => ({
    vid: p.vid,
    personaId: personaOf.get(p.vid)?.id ?? null,
    segment: profile.segment,
    lifecycle: profile.lifecycle,
    interests: JSON.stringify(profile.interests),
    purchaseIntent: profile.purchaseIntent,
    priceSensitivity: profile.priceSensitivity,
    preferredChannel: profile.preferredChannel,
    summary: profile.summary,
    nextBestAction: profile.nextBestAction,
    features: JSON.stringify(p.payload),
    featureHash: p.hash,
    lastEventTs: p.lastTs,
    provider: fallback ? 'rules' : provider.kind,
    model: fallback ? 'rules' : provider.modelId,
    promptVersion: PROMPT_VERSION,
    ...cost,
    fallback,
  })

  const allowed = todo.slice(0, budget.maxVisitors)
  summary.deferred = todo.length - allowed.length
  if (provider.kind === 'rules') {
    for (const p of allowed) writes.push(...save(p, row(p, rules(p), null, zeroCost)))
    summary.profiled = allowed.length
  } else {
    const reserve = options.outputTokensPerVisitor ?? 250
    for (let i = 0; i < allowed.length; i += provider.batchSize) {
      const candidatesBatch = allowed.slice(i, i + provider.batchSize)
      const estimate =
        estimateTokens(PROFILE_SYSTEM) +
        estimateTokens(
          profilePrompt(
            candidatesBatch.map((p, j) => ({ ref: `v${j + 1}`, payload: p.payload })),
            segments,
          ),
        ) +
        reserve * candidatesBatch.length
      if (estimate > tokensLeft()) {
        summary.deferred += allowed.length - i
        break
      }
      // Consent may have been withdrawn since the candidates were selected: re-check every browser
      // id of each subject right before the prompt with the consent area's own query; a subject
      // with a withdrawn id is neither sent nor stored (the next run pools it without that id).
      const browsers = candidatesBatch.flatMap((p) => p.members.filter((m) => m.consented).map((m) => m.vid))
      const granting = await stillGrantingMarketing(drizzleDb, site.id, browsers)
      const batch = candidatesBatch.filter((p) => p.members.every((m) => !m.consented || granting.has(m.vid)))
      if (!batch.length) continue
      const visitors: BatchVisitor[] = batch.map((p) => ({ features: p.features, rules: rules(p) }))
      const { results, usage } = await profileBatch(provider.model, visitors, segments, {
        maxRetries: options.maxRetries,
      })
      spend(usage)
      // Each visitor carries its share of the call's cost.
      const share = (n: number) => Math.round(n / batch.length)
      const cost = {
        tokensIn: share(usage.tokensIn),
        tokensOut: share(usage.tokensOut),
        latencyMs: share(usage.latencyMs),
      }
      results.forEach((r, j) => {
        if (r.fallback) summary.fallbacks++
        writes.push(...save(batch[j]!, row(batch[j]!, r.profile, r.fallback, cost)))
      })
      summary.profiled += batch.length
      // Written per call, so a run cut short keeps what it already paid for.
      await runBatched(db, writes.splice(0))
    }
  }
  await runBatched(db, writes)
}

const zeroCost = { tokensIn: 0, tokensOut: 0, latencyMs: 0 }

/**
 * Clusters the population and names each cluster once: a cluster whose centre did not move keeps
 * its stored name; others get one model call each (or the rules name). Replaces the site's personas.
 */
async function buildPersonas(
  options: RunOptions,
  runId: number,
  population: { vid: string; features: VisitorFeatures }[],
  personaOf: Map<string, { id: string; name: string }>,
  spend: (u: Usage) => void,
  tokensLeft: () => number,
): Promise<string[]> {
  const { db, site, provider, now } = options
  const { clusters } = await clusterFeatures(population.map((p) => p.features))
  const stored = new Map((await loadPersonas(db, site.id)).map((p) => [p.centroid_hash, p]))
  const named: {
    persona: PersonaText
    cluster: (typeof clusters)[number]
    provider: string
    model: string
    tokensIn: number
    tokensOut: number
  }[] = []
  for (const cluster of clusters) {
    const previous = stored.get(cluster.centroidHash)
    if (previous && previous.prompt_version === PROMPT_VERSION && previous.model === provider.modelId) {
      named.push({
        persona: {
          name: previous.name,
          description: previous.description,
          needs: JSON.parse(previous.needs),
          action: previous.action,
        },
        cluster,
        provider: previous.provider,
        model: previous.model,
        tokensIn: 0,
        tokensOut: 0,
      })
      continue
    }
    if (provider.kind === 'rules' || tokensLeft() < 1000) {
      named.push({
        persona: rulesPersona(cluster.typical, cluster.members.length),
        cluster,
        provider: 'rules',
        model: 'rules',
        tokensIn: 0,
        tokensOut: 0,
      })
      continue
    }
    const r = await namePersona(provider.model, cluster.typical, cluster.members.length, {
      maxRetries: options.maxRetries,
    })
    spend(r.usage)
    named.push({
      persona: r.persona,
      cluster,
      provider: r.fallback ? 'rules' : provider.kind,
      model: r.fallback ? 'rules' : provider.modelId,
      tokensIn: r.usage.tokensIn,
      tokensOut: r.usage.tokensOut,
    })
  }
  const unique = uniqueNames(named)
  const writes = [db.prepare('DELETE FROM personas WHERE site_id = ?1').bind(site.id)]
  unique.forEach((n, index) => {
    const id = `p${index + 1}`
    for (const m of n.cluster.members) personaOf.set(population[m]!.vid, { id, name: n.persona.name })
    writes.push(
      db
        .prepare(
          `INSERT INTO personas (site_id, id, name, description, needs, action, size, centroid, centroid_hash, provider, model,
             prompt_version, tokens_in, tokens_out, run_id, updated_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)`,
        )
        .bind(
          site.id,
          id,
          n.persona.name,
          n.persona.description,
          JSON.stringify(n.persona.needs),
          n.persona.action,
          n.cluster.members.length,
          JSON.stringify(n.cluster.centroid),
          n.cluster.centroidHash,
          n.provider,
          n.model,
          PROMPT_VERSION,
          n.tokensIn,
          n.tokensOut,
          runId,
          now,
        ),
    )
  })
  await db.batch(writes)
  return unique.map((n) => n.persona.name)
}
