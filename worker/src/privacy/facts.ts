/**
 * The fact sheet: what Heed really does for one site, built from the live configuration and the code's
 * own constants, never written by hand. Every notice sentence cites the facts it states (check.ts), so a
 * notice can only say what is in here, and a change of configuration changes the sheet's hash.
 */
import {
  GRANT_DAYS,
  KEY_CONSENT,
  KEY_IDS,
  KEY_LOGGED,
  KEY_QUEUE,
  REFUSAL_DAYS,
  RETRY_MAX_EVENTS,
  SESSION_IDLE_MINUTES,
  VISITOR_ID_DAYS,
} from '../../../snippet/src/storage'
import type { Site } from '../site/load'
import { visitorTables } from '../db/visitor-data'
import { requestFacts } from '../ingest/enrich'
import { QUARANTINE_DAYS } from '../ingest/quarantine'
import { SALT_LIFETIME_MS } from '../ingest/salts'
import { PLACEHOLDER } from '../ingest/scrub'
import { DAY_MS } from '../lib/time'
import { type ProviderConfig, resolveProvider } from '../profiling/providers'
import { profileSchema } from '../profiling/schema'
import { EVENT_TYPES, pageviewSchema } from '../protocol'
import { type Duration, durationsOfDays } from './durations'

/** What a fact is about. The first nine are the items GDPR Art. 13 requires in every notice. */
export const MANDATORY_TOPICS = [
  'controller',
  'purposes',
  'legal_bases',
  'recipients',
  'retention',
  'rights',
  'withdrawal',
  'complaint',
  'profiling',
] as const
export type Topic = (typeof MANDATORY_TOPICS)[number] | 'collection' | 'storage' | 'ai' | 'transfers' | 'sale'

/** Purposes a sentence may name; the checker finds them in text through lexicon.ts. */
export const PURPOSES = [
  'analytics',
  'marketing',
  'profiling',
  'advertising',
  'sale',
  'security',
  'proof',
] as const
export type Purpose = (typeof PURPOSES)[number]

/** What a sentence that cites this fact may state: anything else in the sentence is a claim it cannot back. */
export interface Claims {
  numbers: number[]
  durations: Duration[]
  /** Storage keys and table names. */
  keys: string[]
  processors: string[]
  purposes: Purpose[]
  /** Purposes the fact says do NOT happen ("we never sell"): a sentence naming one must say it negatively. */
  negated: Purpose[]
  /** The site owner's own text (controller details): shown as written, its content is not checked. */
  literals: string[]
}

export type FactValue = string | number | boolean | null | string[]

export interface Fact {
  /** Stable across configurations: notices cite it. */
  id: string
  topics: Topic[]
  /** What the fact says, as data: the template renders it and the model reads it. */
  data: Record<string, FactValue>
  claims: Claims
}

export interface FactSheet {
  site: string
  /** SHA-256 of the facts: equal sheets have equal hashes, any change of configuration changes it. */
  hash: string
  facts: Fact[]
}

export type ConsentMode = 'opt-in' | 'cookieless' | 'opt-out'
export type LegalBasis = 'consent' | 'legitimate_interests' | 'legal_obligation'

/** GDPR Art. 6(1) points, as the notice may cite them ("Art. 6(1)(a)"). */
const BASIS_ARTICLE: Record<LegalBasis, string> = {
  consent: 'Art. 6(1)(a) GDPR',
  legal_obligation: 'Art. 6(1)(c) GDPR',
  legitimate_interests: 'Art. 6(1)(f) GDPR',
}

/** Names of well-known OpenAI-compatible endpoints, so the notice names the company rather than a host. */
const AI_HOSTS: Record<string, string> = {
  'api.openai.com': 'OpenAI',
  'api.deepseek.com': 'DeepSeek',
  'dashscope.aliyuncs.com': 'Alibaba Cloud',
  'dashscope-intl.aliyuncs.com': 'Alibaba Cloud',
  'api.mistral.ai': 'Mistral AI',
  'generativelanguage.googleapis.com': 'Google',
  'openrouter.ai': 'OpenRouter',
  'api.groq.com': 'Groq',
  'api.together.xyz': 'Together AI',
}

/** Who runs the model: a known company, or the endpoint's host. */
export function aiProcessorName(baseUrl: string | undefined): string {
  let host = ''
  try {
    host = new URL(baseUrl ?? '').host
  } catch {}
  return AI_HOSTS[host] ?? (host || 'the AI provider')
}

/** What each table keeps and until when. Tables not named here keep rows until the visitor's data is deleted. */
function retentionFacts(site: Site): Fact[] {
  const byTable = new Map<string, Fact>()
  // Quarantine has a fact of its own below (QUARANTINE_DAYS).
  for (const { name } of visitorTables.filter((t) => t.name !== 'quarantine')) {
    byTable.set(
      name,
      fact(`retention.${name}`, ['retention'], { table: name, until: 'deletion' }, { keys: [name] }),
    )
  }
  // The retention job (consent/retention.ts) purges raw events by the site's retention_days.
  byTable.set(
    'events',
    fact(
      'retention.events',
      ['retention'],
      { table: 'events', days: site.retentionDays, until: 'days' },
      { durations: durationsOfDays(site.retentionDays), keys: ['events'] },
    ),
  )
  // Marketing tables go when marketing consent does (consent/record.ts), and with any deletion.
  for (const t of visitorTables) {
    if ('purpose' in t && t.purpose === 'marketing') {
      byTable.set(
        t.name,
        fact(
          `retention.${t.name}`,
          ['retention', 'profiling'],
          { table: t.name, until: 'marketing_withdrawn' },
          { keys: [t.name], purposes: ['marketing', 'profiling'] },
        ),
      )
    }
  }
  const saltDays = Math.round(SALT_LIFETIME_MS / DAY_MS)
  return [
    ...byTable.values(),
    fact(
      'retention.consent_log',
      ['retention', 'withdrawal'],
      { table: 'consent_log', until: 'kept', identifiers: false },
      { keys: ['consent_log'], purposes: ['proof'] },
    ),
    fact(
      'retention.erasures',
      ['retention'],
      { table: 'erasures', until: 'kept', hashOnly: true },
      { keys: ['erasures'] },
    ),
    fact(
      'retention.quarantine',
      ['retention'],
      { table: 'quarantine', days: QUARANTINE_DAYS, until: 'days' },
      { durations: durationsOfDays(QUARANTINE_DAYS), keys: ['quarantine'] },
    ),
    fact(
      'retention.rollup_daily',
      ['retention', 'collection'],
      { table: 'rollup_daily', until: 'kept', identifiers: false },
      { keys: ['rollup_daily'], purposes: ['analytics'] },
    ),
    ...(site.consentMode === 'cookieless'
      ? [
          fact(
            'retention.salts',
            ['retention', 'collection'],
            { table: 'salts', days: saltDays, until: 'days' },
            { durations: durationsOfDays(saltDays), keys: ['salts'] },
          ),
        ]
      : []),
  ]
}

/**
 * What heed.js writes on the device in this site's mode. Before a choice an opt-in or cookieless site
 * writes nothing; an opt-out site starts as if marketing were granted (snippet/src/gate.ts), so its ids
 * are written from the first page.
 */
function storageFacts(mode: ConsentMode): Fact[] {
  const withAnalytics = mode === 'opt-out' ? 'first_visit' : 'analytics_consent'
  return [
    fact(
      `storage.${KEY_CONSENT}`,
      ['storage', 'withdrawal'],
      {
        key: KEY_CONSENT,
        holds: 'choice',
        written: 'any_choice',
        refusalDays: REFUSAL_DAYS,
        grantDays: GRANT_DAYS,
      },
      { keys: [KEY_CONSENT], durations: [...durationsOfDays(REFUSAL_DAYS), ...durationsOfDays(GRANT_DAYS)] },
    ),
    fact(
      `storage.${KEY_LOGGED}`,
      ['storage'],
      { key: KEY_LOGGED, holds: 'last_logged_choice', written: 'any_choice' },
      { keys: [KEY_LOGGED] },
    ),
    fact(
      `storage.${KEY_IDS}`,
      ['storage', 'collection'],
      {
        key: KEY_IDS,
        holds: 'ids',
        written: withAnalytics,
        days: VISITOR_ID_DAYS,
        sessionIdleMinutes: SESSION_IDLE_MINUTES,
      },
      {
        keys: [KEY_IDS],
        durations: [...durationsOfDays(VISITOR_ID_DAYS), { n: SESSION_IDLE_MINUTES, unit: 'minute' }],
        purposes: ['analytics'],
      },
    ),
    fact(
      `storage.${KEY_QUEUE}`,
      ['storage'],
      { key: KEY_QUEUE, holds: 'unsent_events', written: withAnalytics, maxEvents: RETRY_MAX_EVENTS },
      { keys: [KEY_QUEUE], numbers: [RETRY_MAX_EVENTS], purposes: ['analytics'] },
    ),
  ]
}

/** Builds one fact, with empty claims where none are given. */
function fact(
  id: string,
  topics: Topic[],
  data: Record<string, FactValue>,
  claims: Partial<Claims> = {},
): Fact {
  return {
    id,
    topics,
    data,
    claims: {
      numbers: claims.numbers ?? [],
      durations: claims.durations ?? [],
      keys: claims.keys ?? [],
      processors: claims.processors ?? [],
      purposes: claims.purposes ?? [],
      negated: claims.negated ?? [],
      literals: claims.literals ?? [],
    },
  }
}

/** "Art. 6(1)(a) GDPR" may be cited in a sentence about this basis: its numbers are part of the claim. */
const basisClaims = (basis: LegalBasis) => ({
  numbers: (BASIS_ARTICLE[basis].match(/\d+/g) ?? []).map(Number),
})

const basisFact = (
  id: string,
  purposes: Purpose[],
  basis: LegalBasis,
  data: Record<string, FactValue> = {},
) =>
  fact(
    id,
    ['purposes', 'legal_bases'],
    { ...data, basis, article: BASIS_ARTICLE[basis] },
    { ...basisClaims(basis), purposes },
  )

/**
 * The one builder of a site's fact sheet: its settings and consent mode, the AI provider the worker is
 * configured with, and the code's own constants (storage keys and lifetimes, event types and fields,
 * scrubbing, tables and their retention).
 */
export async function buildFactSheet(site: Site, config: ProviderConfig): Promise<FactSheet> {
  const mode = (
    ['opt-in', 'cookieless', 'opt-out'].includes(site.consentMode) ? site.consentMode : 'opt-in'
  ) as ConsentMode
  const provider = resolveProvider(config)
  const model = provider.kind === 'rules' ? null : provider.modelId
  const aiName =
    provider.kind === 'workers-ai'
      ? 'Cloudflare'
      : provider.kind === 'openai-compatible'
        ? aiProcessorName(config.AI_BASE_URL)
        : null
  const controller = site.settings.privacy.controller
  const owner = (v: string | undefined) => (v ? [v] : [])
  const pageviewFields = Object.keys(pageviewSchema.shape).filter((k) => k !== 'id' && k !== 'type')
  const requestFields = Object.keys(requestFacts('', null))
  const profileFields = Object.keys(profileSchema(['segment']).shape)
  const beyondPageview = EVENT_TYPES.filter((t) => t !== 'pageview' && t !== 'identify')
  const saltDays = Math.round(SALT_LIFETIME_MS / DAY_MS)

  const facts: Fact[] = [
    fact(
      'controller',
      ['controller'],
      { name: controller.name ?? site.name, declared: controller.name !== undefined },
      { literals: [controller.name ?? site.name] },
    ),
    fact(
      'controller.contact',
      ['controller'],
      { contact: controller.contact ?? null },
      { literals: owner(controller.contact) },
    ),
    ...(controller.dpo
      ? [fact('controller.dpo', ['controller'], { dpo: controller.dpo }, { literals: [controller.dpo] })]
      : []),

    fact(
      'consent.mode',
      ['collection', 'storage'],
      { mode, sendsBeforeChoice: mode !== 'opt-in', storesBeforeChoice: mode === 'opt-out' },
      { purposes: mode === 'opt-out' ? ['analytics', 'marketing'] : ['analytics'] },
    ),
    fact(
      'consent.categories',
      ['purposes', 'withdrawal'],
      {
        categories: ['analytics', 'marketing'],
        marketingNeedsAnalytics: true,
        defaultOn: mode === 'opt-out',
      },
      { purposes: ['analytics', 'marketing', 'profiling'] },
    ),

    fact(
      'collect.pageview',
      ['collection'],
      { type: 'pageview', fields: pageviewFields },
      { purposes: ['analytics'] },
    ),
    fact(
      'collect.request',
      ['collection'],
      { fields: requestFields, ipStored: false },
      { purposes: ['analytics'] },
    ),
    fact(
      'collect.events',
      ['collection'],
      { types: [...beyondPageview], needs: 'analytics' },
      { purposes: ['analytics'] },
    ),
    fact(
      'collect.identify',
      ['collection'],
      { type: 'identify', fields: ['user_id', 'traits'], needs: 'marketing' },
      { purposes: ['marketing'] },
    ),
    fact('collect.scrubbing', ['collection'], { removed: Object.keys(PLACEHOLDER) }),
    ...(mode === 'cookieless'
      ? [
          fact(
            'collect.cookieless_hash',
            ['collection'],
            { inputs: ['ip', 'user_agent', 'daily_salt'], saltDays },
            { durations: durationsOfDays(saltDays), purposes: ['analytics'] },
          ),
        ]
      : []),

    mode === 'opt-out'
      ? basisFact('purpose.analytics', ['analytics'], 'legitimate_interests', { objection: true })
      : basisFact('purpose.analytics', ['analytics'], 'consent'),
    ...(mode === 'cookieless'
      ? [basisFact('purpose.anonymous_counts', ['analytics'], 'legitimate_interests', { identifiers: false })]
      : []),
    basisFact('purpose.marketing', ['marketing', 'profiling'], 'consent'),
    basisFact('purpose.proof', ['proof'], 'legal_obligation'),
    basisFact('purpose.security', ['security'], 'legitimate_interests'),
    fact('no_sale', ['sale', 'recipients'], { sold: false }, { purposes: ['sale'], negated: ['sale'] }),

    ...retentionFacts(site),
    ...storageFacts(mode),

    fact(
      'processor.cloudflare',
      ['recipients'],
      { name: 'Cloudflare', role: 'hosting', services: ['Workers', 'D1', 'Queues'] },
      { processors: ['Cloudflare'] },
    ),
    ...(aiName && model
      ? [
          fact(
            'processor.ai',
            ['recipients', 'ai'],
            { name: aiName, model },
            { processors: [aiName], literals: [model] },
          ),
        ]
      : []),
    fact(
      'transfers',
      ['transfers', 'recipients'],
      { network: 'global', processors: aiName ? ['Cloudflare', aiName] : ['Cloudflare'] },
      { processors: aiName ? ['Cloudflare', aiName] : ['Cloudflare'] },
    ),
    fact('recipients.only_processors', ['recipients'], { others: false }),

    fact(
      'profiling',
      ['profiling'],
      { needs: 'marketing', fields: profileFields },
      { purposes: ['marketing', 'profiling'] },
    ),
    model && aiName
      ? fact(
          'profiling.ai',
          ['profiling', 'ai'],
          {
            model,
            processor: aiName,
            sent: ['counts', 'categories', 'scrubbed_search_terms'],
            neverSent: ['ids', 'ip', 'contact'],
          },
          { processors: [aiName], purposes: ['profiling'], literals: [model] },
        )
      : fact('profiling.ai', ['profiling', 'ai'], { model: null }, { purposes: ['profiling'] }),
    fact('profiling.sensitive', ['profiling'], { inferred: false }, { purposes: ['profiling'] }),
    fact(
      'profiling.effects',
      ['profiling'],
      { legalEffects: false, article: 'Art. 22 GDPR' },
      { numbers: [22], purposes: ['profiling', 'marketing'] },
    ),
    model && aiName
      ? fact(
          'questions',
          ['ai', 'rights'],
          { answeredBy: model, processor: aiName, kept: 'topic_counts' },
          { processors: [aiName], literals: [model] },
        )
      : fact('questions', ['ai', 'rights'], { answeredBy: 'rules', kept: 'topic_counts' }),

    fact(
      'rights.withdraw',
      ['rights', 'withdrawal'],
      { where: 'preferences', erases: true, anyTime: true },
      { purposes: ['analytics', 'marketing'] },
    ),
    fact('rights.export', ['rights'], { where: 'preferences', endpoint: '/me/export' }),
    fact('rights.erasure', ['rights'], { where: 'preferences', endpoint: '/me/delete' }),
    fact(
      'rights.gpc',
      ['rights', 'withdrawal'],
      { signal: 'Global Privacy Control', stops: 'marketing' },
      { purposes: ['marketing', 'profiling'] },
    ),
    fact('rights.other', ['rights'], {
      rights: ['rectification', 'restriction', 'objection', 'portability'],
      through: 'controller',
    }),
    fact(
      'rights.complaint',
      ['complaint'],
      { authority: controller.authority ?? null, article: 'Art. 77 GDPR' },
      { numbers: [77], literals: owner(controller.authority) },
    ),
  ]
  return { site: site.id, hash: await sha256(JSON.stringify(facts)), facts }
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The facts of a sheet by id. */
export const factIndex = (sheet: FactSheet): Map<string, Fact> => new Map(sheet.facts.map((f) => [f.id, f]))
