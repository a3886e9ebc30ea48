// Profiling bench: feature extraction speed, tokens per profile and per persona (counted by a
// fake OpenAI-compatible server over real HTTP), and visitors profiled within a token budget.
// Prints `| name | value | baseline | ratio | target |` rows, all measured in this one run.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleAndImport } from '../lib/bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const lib = await bundleAndImport(
  join(here, 'entry.mjs'),
  join(root, 'bench', '.cache', 'profiling', 'entry.mjs'),
)

const now = Date.UTC(2026, 10, 28, 12)
const rows = []
const row = (name, value, baseline, target) => {
  const ratio = baseline ? value / baseline : 0
  rows.push([name, fmt(value), fmt(baseline), ratio.toFixed(2), target])
}
const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1))
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]

// ── 1. Feature extraction for 100,000 events vs a plain scan of the same rows ──────────────
{
  const cohort = lib.generateCohort({ perPersona: 800, now, seed: 11 })
  const events = cohort.flatMap((v) => v.events).slice(0, 100_000)
  const orders = cohort.flatMap((v) => v.orders)
  if (events.length < 100_000) throw new Error(`cohort too small: ${events.length} events`)
  const options = { now, timezone: 'Europe/Berlin', categoryPatterns: {} }

  const extract = () => {
    const byVisitor = new Map()
    for (const e of events) {
      const list = byVisitor.get(e.vid)
      if (list) list.push(e)
      else byVisitor.set(e.vid, [e])
    }
    const ordersBy = new Map()
    for (const o of orders) {
      const list = ordersBy.get(o.vid)
      if (list) list.push(o)
      else ordersBy.set(o.vid, [o])
    }
    let n = 0
    for (const [vid, list] of byVisitor)
      n += lib.extractFeatures(list, ordersBy.get(vid) ?? [], options).sessions
    return n
  }
  // The floor any extractor pays: read every column of every row and parse its JSON props.
  const scan = () => {
    let n = 0
    for (const e of events) {
      n +=
        e.ts + e.type.length + e.path.length + (e.sid?.length ?? 0) + (e.query?.length ?? 0) + (e.value ?? 0)
      if (e.props) n += Object.keys(JSON.parse(e.props)).length
    }
    return n
  }
  const time = (fn) => {
    const t = performance.now()
    fn()
    return performance.now() - t
  }
  extract()
  scan() // warm-up
  const extractMs = median(Array.from({ length: 5 }, () => time(extract)))
  const scanMs = median(Array.from({ length: 5 }, () => time(scan)))
  row('feature extraction, 100,000 events (ms)', extractMs, scanMs, '≤ 5× a plain scan')
}

// ── 2. Tokens per profile and per persona, counted by the fake server ─────────────────────
async function seededDb(perPersona) {
  const d1 = lib.sqliteD1(join(root, 'migrations'))
  const db = d1.raw
  db.prepare(
    `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
     VALUES ('bench', 'Bench shop', '[]', '[]', 'EUR', 'Europe/Berlin', 395, 'opt-in', '{}', ?, ?)`,
  ).run(now, now)
  const cohort = lib.generateCohort({ perPersona, now, seed: 3 })
  const insertEvent = db.prepare(
    `INSERT INTO events (site_id, id, type, ts, received_at, vid, sid, url, path, referrer, source, medium, utm_source,
       utm_medium, utm_campaign, device, query, order_id, value, props, marketing)
     VALUES ('bench', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  )
  const insertOrder = db.prepare(
    `INSERT INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source) VALUES ('bench', ?, ?, ?, ?, ?, 'EUR', ?, NULL)`,
  )
  const consent = db.prepare(
    `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES ('bench', ?, ?, 1, 1, 'banner', ?)`,
  )
  db.exec('BEGIN')
  for (const v of cohort) {
    for (const e of v.events) {
      insertEvent.run(
        e.id,
        e.type,
        e.ts,
        e.ts,
        v.vid,
        e.sid,
        `https://shop.example${e.path}`,
        e.path,
        e.referrer,
        e.source,
        e.medium,
        e.utm_source,
        e.utm_medium,
        e.utm_campaign,
        e.device,
        e.query,
        e.order_id,
        e.value,
        e.props,
      )
    }
    for (const o of v.orders) insertOrder.run(o.order_id, `${o.order_id}-e`, v.vid, o.ts, o.value, o.items)
    consent.run(v.vid, `c-${v.vid}`, now)
  }
  db.exec('COMMIT')
  return { d1, visitors: cohort.length }
}

const site = {
  id: 'bench',
  timezone: 'Europe/Berlin',
  settings: { segments: [], categoryPatterns: {}, searchParams: [], hashRouting: false },
}

async function profileOnce({ perPersona, batchSize, budget }) {
  const server = await lib.startFakeOpenAI()
  try {
    const { d1, visitors } = await seededDb(perPersona)
    const provider = lib.resolveProvider({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: server.baseURL,
      AI_MODEL: 'fake-1',
    })
    const summary = await lib.runProfiling({
      db: d1,
      site,
      provider: { ...provider, batchSize },
      budget,
      now,
      trigger: 'admin',
      maxRetries: 0,
    })
    if (summary.status !== 'ok') throw new Error(`profiling run failed: ${summary.error}`)
    const profileCalls = server.requests.filter((r) => r.kind === 'profiles')
    const personaCalls = server.requests.filter((r) => r.kind === 'persona')
    const sum = (list, key) => list.reduce((s, r) => s + r[key], 0)
    return {
      visitors,
      summary,
      profileIn: sum(profileCalls, 'promptTokens'),
      profileOut: sum(profileCalls, 'completionTokens'),
      personaIn: sum(personaCalls, 'promptTokens'),
      personaOut: sum(personaCalls, 'completionTokens'),
      personaCalls: personaCalls.length,
      maxVisitorTokens: Math.max(0, ...profileCalls.flatMap((r) => r.visitorTokens)),
    }
  } finally {
    await server.close()
  }
}

{
  const unlimited = { maxVisitors: 100_000, maxTokens: 100_000_000 }
  const batched = await profileOnce({ perPersona: 20, batchSize: 5, budget: unlimited })
  const single = await profileOnce({ perPersona: 20, batchSize: 1, budget: unlimited })
  const per = (r, key) => r[key] / r.summary.profiled
  row(
    'input tokens per profile, 5 visitors per call',
    per(batched, 'profileIn'),
    per(single, 'profileIn'),
    '< 1× one per call',
  )
  row(
    'output tokens per profile, 5 visitors per call',
    per(batched, 'profileOut'),
    per(single, 'profileOut'),
    '≈ 1× one per call',
  )
  row(
    'largest visitor record, input tokens (server count)',
    batched.maxVisitorTokens,
    lib.MAX_VISITOR_TOKENS,
    '≤ 1× the 600 cap',
  )
  row(
    'input tokens per persona',
    batched.personaIn / batched.personaCalls,
    per(single, 'profileIn'),
    'one call per cluster',
  )
  row(
    'output tokens per persona',
    batched.personaOut / batched.personaCalls,
    per(single, 'profileOut'),
    'one call per cluster',
  )
  row('persona naming calls per run', batched.personaCalls, batched.visitors, '≪ 1× visitors')
  if (batched.summary.fallbacks || single.summary.fallbacks)
    throw new Error('the fake server answers should all be valid')
}

// ── 3. Visitors profiled per run within a token budget ───────────────────────────────────
{
  const maxTokens = 20_000
  const r = await profileOnce({ perPersona: 40, batchSize: 5, budget: { maxVisitors: 100_000, maxTokens } })
  const used = r.summary.tokensIn + r.summary.tokensOut
  // Worst case the budget must allow: every visitor at the 600-token cap plus the 250-token output reserve.
  row(
    `visitors profiled in one run, ${maxTokens} token budget`,
    r.summary.profiled,
    Math.floor(maxTokens / 850),
    '≥ 1× the worst case',
  )
  row('tokens spent in that run', used, maxTokens, '≤ 1× the budget')
  if (used > maxTokens) throw new Error(`budget overrun: ${used} > ${maxTokens}`)
}

console.log('| name | value | baseline | ratio | target |')
console.log('|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
