/**
 * Notice versions: a new one is written whenever the live fact sheet's hash, or the writer (provider,
 * model, prompt version), differs from the newest stored version. A site's first notice goes in force at
 * once, since there is nothing else to show; later ones wait as drafts for the owner, unless the site
 * auto-publishes.
 */
import { db } from '../db/client'
import { getSite, type Site } from '../site/load'
import type { Env } from '../env'
import type { CallOptions, Usage } from '../profiling/generate'
import { type ProfilingProvider, type ProviderConfig, resolveProvider } from '../profiling/providers'
import { buildFactSheet, type FactSheet } from './facts'
import { emptyUsage, generateNotice } from './generate'
import { LANGS, type Lang } from './notice'
import { NOTICE_PROMPT_VERSION } from './prompt'
import { insertVersion, latestVersion, type NoticeVersion, type StoredNotice, versionInForce } from './store'
import { templateNotice } from './template'

/** `<first 12 hex of the sheet hash>-<time as 20260101T120000Z>`: sortable by time, tied to its facts. */
export const versionId = (hash: string, at: number): string =>
  `${hash.slice(0, 12)}-${new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}`

/** Who writes a version: the configured model, or the template (also for a notice made on a request). */
interface Writer {
  provider: string
  model: string
  promptVersion: string
}

const TEMPLATE_WRITER: Writer = { provider: 'rules', model: 'template', promptVersion: 'template' }

const writerOf = (p: ProfilingProvider): Writer =>
  p.kind === 'rules'
    ? TEMPLATE_WRITER
    : { provider: p.kind, model: p.modelId, promptVersion: NOTICE_PROMPT_VERSION }

/** A site needs a new version when it has none, or its facts or its writer changed since the newest. */
const stale = (latest: NoticeVersion | null, sheet: FactSheet, w: Writer) =>
  !latest ||
  latest.sheetHash !== sheet.hash ||
  latest.provider !== w.provider ||
  latest.model !== w.model ||
  latest.promptVersion !== w.promptVersion

export type WriteResult =
  | { status: 'unchanged'; version: string }
  | { status: 'draft' | 'published'; version: string; usage: Usage; fallbacks: number }

/** Writes the notice in every language with the writer's provider, the template standing in for failures. */
async function writeNotices(
  sheet: FactSheet,
  provider: ProfilingProvider,
  langs: readonly Lang[],
  usage: Usage,
  options: CallOptions,
) {
  const notices: Partial<Record<Lang, StoredNotice>> = {}
  for (const lang of langs) {
    if (provider.kind === 'rules') {
      notices[lang] = { body: templateNotice(sheet, lang), source: 'template', fallback: null, problems: [] }
    } else {
      const { body, source, fallback, problems } = await generateNotice(
        provider.model,
        sheet,
        lang,
        usage,
        options,
      )
      notices[lang] = { body, source, fallback, problems }
    }
  }
  return notices
}

export interface WriteOptions extends CallOptions {
  /** Languages to write (all banner languages by default). */
  langs?: readonly Lang[]
  /** Write with the template whatever the provider: a notice needed on a request cannot wait for a model. */
  templateOnly?: boolean
  /** Write a new version even when facts and writer are unchanged. */
  force?: boolean
}

/**
 * Brings a site's notice up to date: a new version when its facts or writer changed, published when the
 * site auto-publishes or has no notice in force yet.
 */
export async function writeNoticeVersion(
  d1: D1Database,
  site: Site,
  config: ProviderConfig,
  now: number,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const sheet = await buildFactSheet(site, config)
  const resolved = resolveProvider(config)
  const provider: ProfilingProvider = options.templateOnly ? { kind: 'rules', modelId: 'rules' } : resolved
  const writer = writerOf(provider)
  const latest = await latestVersion(d1, site.id)
  if (latest && !options.force && !stale(latest, sheet, writer))
    return { status: 'unchanged', version: latest.version }
  const usage = emptyUsage()
  const notices = await writeNotices(sheet, provider, options.langs ?? LANGS, usage, options)
  const version = versionId(sheet.hash, now)
  const publish = site.settings.privacy.autoPublish || !(await versionInForce(d1, site.id))
  await insertVersion(
    d1,
    {
      siteId: site.id,
      version,
      sheetHash: sheet.hash,
      facts: sheet.facts,
      notices,
      status: 'draft',
      ...writer,
      ...usage,
      createdAt: now,
      publishedAt: null,
    },
    publish,
  )
  const fallbacks = Object.values(notices).filter((n) => n.fallback).length
  return { status: publish ? 'published' : 'draft', version, usage, fallbacks }
}

/**
 * The notice in force for a visitor's request. A site that has none yet (created since the last cron)
 * gets the template's at once, so no visitor ever finds the page empty.
 */
export async function noticeForRequest(d1: D1Database, site: Site, config: ProviderConfig, now: number) {
  const inForce = await versionInForce(d1, site.id)
  if (inForce) return inForce
  try {
    await writeNoticeVersion(d1, site, config, now, { templateOnly: true })
  } catch (err) {
    // Two first requests at once: the other one's version won the single published slot.
    if (!(err instanceof Error && /UNIQUE|constraint/i.test(err.message))) throw err
  }
  return versionInForce(d1, site.id)
}

/** Model-written versions per cron run: each costs one call per language, and a repair when rejected. */
export const MAX_MODEL_WRITES_PER_RUN = 3

/**
 * The cron's part: every site whose facts or writer changed gets a new version. An unchanged site costs
 * two reads; with a model, sites beyond the run's writes wait for the next run (they are still stale).
 */
export async function refreshNotices(env: Env, now: Date, maxModelWrites = MAX_MODEL_WRITES_PER_RUN) {
  const provider = resolveProvider(env)
  const writer = writerOf(provider)
  const maxWrites = provider.kind === 'rules' ? Number.POSITIVE_INFINITY : maxModelWrites
  const { results } = await env.DB.prepare('SELECT id FROM sites ORDER BY id').all<{ id: string }>()
  const totals = {
    sites: 0,
    written: 0,
    published: 0,
    drafts: 0,
    fallbacks: 0,
    calls: 0,
    tokens: 0,
    deferred: 0,
  }
  for (const { id } of results) {
    const site = await getSite(db(env.DB), id)
    if (!site) continue
    totals.sites++
    if (!stale(await latestVersion(env.DB, id), await buildFactSheet(site, env), writer)) continue
    if (totals.written >= maxWrites) {
      totals.deferred++
      continue
    }
    const r = await writeNoticeVersion(env.DB, site, env, now.getTime())
    if (r.status === 'unchanged') continue
    totals.written++
    if (r.status === 'published') totals.published++
    else totals.drafts++
    totals.fallbacks += r.fallbacks
    totals.calls += r.usage.calls
    totals.tokens += r.usage.tokensIn + r.usage.tokensOut
  }
  return totals
}
