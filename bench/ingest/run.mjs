// Ingest bench: four figures, each measured side by side with its baseline in this one run.
// 1. pipeline (parse + sanitize + enrich) events/s in-process vs JSON.parse of the same bodies;
// 2. queue-consumer writes vs a raw json_each bulk insert into the same local D1 (and the two
//    write strategies, json_each vs chunked multi-row VALUES);
// 3. /collect requests/s vs a no-op route on the same path in the same `wrangler dev`;
// 4. D1 rows written per stored event, from meta.rows_written.
// Prints `| name | value | baseline | ratio | target |` rows.
import { spawn, spawnSync } from 'node:child_process'
import { randomInt, randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyMigrations, sql } from '../../scripts/lib/local.mjs'
import { bundleAndImport } from '../lib/bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const lib = await bundleAndImport(
  join(here, 'entry.mjs'),
  join(root, 'bench', '.cache', 'ingest', 'entry.mjs'),
)
const wranglerBin = join(root, 'node_modules', '.bin', 'wrangler')

const rows = []
const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2))
const row = (name, value, baseline, target, ratio = value / baseline) =>
  rows.push([name, fmt(value), fmt(baseline), ratio.toFixed(2), target])
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]

const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SITE = 'bench'
const EVENTS_PER_REQUEST = 10

/** A realistic batch: pageviews with campaign tags and referrers, clicks, engagement, a custom event. */
function envelope(now = Date.now()) {
  const url = (p) =>
    `https://shop.example${p}?utm_source=newsletter&utm_medium=email&utm_campaign=nov&fbclid=x1&sort=asc`
  const base = (type, extra) => ({
    id: randomUUID(),
    type,
    ts: now,
    url: url(extra.path ?? '/'),
    ...extra,
    path: undefined,
  })
  const events = []
  for (let i = 0; i < 6; i++)
    events.push(
      base('pageview', {
        path: `/category/lamps/item-${i}`,
        title: `Brass lamp ${i} – Fernwood`,
        referrer: 'https://www.google.com/',
      }),
    )
  events.push(
    base('click', { tag: 'a', text: 'Add to cart', href: 'https://shop.example/cart', kind: 'link' }),
  )
  events.push(
    base('click', {
      tag: 'button',
      text: 'Subscribe',
      kind: 'tagged',
      name: 'subscribe',
      props: { list: 'weekly' },
    }),
  )
  events.push(base('engagement', { visible_ms: 12_345, scroll_pct: 72 }))
  events.push(base('custom', { name: 'video_play', props: { video: 'intro', seconds: 12, autoplay: false } }))
  return {
    v: 1,
    site: SITE,
    vid: randomUUID(),
    sid: randomUUID(),
    consent: { analytics: true, marketing: false },
    events,
  }
}

// ── 1. Pipeline throughput in-process (one core) vs JSON.parse ─────────────────────────────
const settings = lib.siteSettingsSchema.parse({})
const site = { id: SITE, currency: 'EUR', settings }
const cf = { country: 'DE', region: 'Berlin', city: 'Berlin' }
function pipeline(text, receivedAt) {
  const parsed = lib.parseEnvelope(text)
  if (!parsed.ok) throw new Error(parsed.error.message)
  const e = parsed.envelope
  return lib.runPipeline(e, {
    site,
    receivedAt,
    facts: lib.requestFacts(UA, cf),
    consent: { analytics: true, marketing: false, vid: e.vid ?? null, sid: e.sid ?? null },
    vid: e.vid,
  })
}
{
  const bodies = Array.from({ length: 3_000 }, () => JSON.stringify(envelope()))
  const events = bodies.length * EVENTS_PER_REQUEST
  const now = Date.now()
  for (const b of bodies.slice(0, 1_000)) pipeline(b, now) // warm-up (JIT, UA cache)
  const time = (fn) => {
    const t = performance.now()
    fn()
    return performance.now() - t
  }
  const pipeMs = []
  const parseMs = []
  let sink = 0 // results are used, so no engine can skip the work
  for (let round = 0; round < 5; round++) {
    parseMs.push(
      time(() => {
        for (const b of bodies) sink += JSON.parse(b).events.length
      }),
    )
    pipeMs.push(
      time(() => {
        for (const b of bodies) sink += pipeline(b, now).events.length
      }),
    )
  }
  if (sink !== 10 * events) throw new Error(`pipeline lost events: ${sink}`)
  const pipeRate = events / (median(pipeMs) / 1000)
  const parseRate = events / (median(parseMs) / 1000)
  row(
    'pipeline events/s, 1 core (parse+sanitize+enrich) vs JSON.parse',
    pipeRate,
    parseRate,
    '≥ 100,000 events/s',
  )
}

// ── wrangler dev with the bench hooks on ───────────────────────────────────────────────────
const port = Number(process.env.HEED_BENCH_PORT ?? 8790)
const origin = `http://127.0.0.1:${port}`
const persistTo = join(root, '.wrangler', `bench-ingest-${port}`)
rmSync(persistTo, { recursive: true, force: true })
applyMigrations(persistTo)
const now0 = Date.now()
sql(
  `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
   VALUES ('${SITE}', 'bench', '[]', '["${origin}"]', 'EUR', 'UTC', 395, 'opt-in', '{}', ${now0}, ${now0})`,
  persistTo,
)
// wrangler dev reloads on every source change, and other people edit worker/src while this runs:
// serve a bundle frozen at the start instead (wrangler's own build, then --no-bundle).
const frozen = join(root, 'bench', '.cache', 'ingest', 'worker')
rmSync(frozen, { recursive: true, force: true })
mkdirSync(frozen, { recursive: true })
const bundled = spawnSync(
  wranglerBin,
  ['deploy', 'worker/bench/ingest-worker.ts', '--dry-run', '--outdir', frozen],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  },
)
if (bundled.status !== 0) throw new Error(`wrangler build failed:\n${bundled.stdout}\n${bundled.stderr}`)
const config = readFileSync(join(root, 'wrangler.toml'), 'utf8')
  .replace(/^main = .*$/m, 'main = "ingest-worker.js"\nno_bundle = true')
  .replace(/^directory = "\.\/public"$/m, `directory = "${join(root, 'public')}"`)
  .replace(/^migrations_dir = .*$/m, `migrations_dir = "${join(root, 'migrations')}"`)
writeFileSync(join(frozen, 'wrangler.toml'), config)
const wrangler = spawn(
  wranglerBin,
  [
    'dev',
    '--config',
    join(frozen, 'wrangler.toml'),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    persistTo,
    '--log-level',
    'error',
    '--show-interactive-dev-session=false',
  ],
  {
    cwd: root,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, CI: '1', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
)
const stop = () => {
  try {
    process.kill(-wrangler.pid, 'SIGTERM')
  } catch {}
}
process.on('exit', stop)
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(1))

async function waitUp() {
  const until = Date.now() + 120_000
  while (Date.now() < until) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('wrangler dev did not start')
}
await waitUp()

const headers = { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': UA }
async function hook(name, payload) {
  const body = JSON.stringify(payload)
  const t = performance.now()
  const res = await fetch(`${origin}/collect?bench=${name}`, { method: 'POST', headers, body })
  const json = await res.json()
  if (!res.ok) throw new Error(`${name}: ${res.status} ${JSON.stringify(json)}`)
  return { ms: performance.now() - t, ...json }
}

// ── 2 + 4. Consumer writes vs raw bulk insert; write strategies; rows written ──────────────
{
  /** One consumer batch: 100 messages (max_batch_size) of 10 events, rows from the real pipeline. */
  const batch = () =>
    Array.from({ length: 100 }, () => {
      const r = pipeline(JSON.stringify(envelope()), Date.now())
      return {
        v: lib.MESSAGE_VERSION,
        site_id: SITE,
        received_at: Date.now(),
        events: r.events,
        quarantine: [],
        bots: [],
      }
    })
  const results = { store: [], 'raw-json': [], 'raw-values': [] }
  await hook('store', { bodies: batch() }) // warm-up: first statements compile, tables grow
  // Rotate the order every round so no strategy always runs right after another's writes.
  const names = Object.keys(results)
  const ROUNDS = 6
  for (let round = 0; round < ROUNDS; round++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]
      results[name].push(await hook(name, { bodies: batch() }))
    }
  const rate = (name) => median(results[name].map((r) => r.events / (r.ms / 1000)))
  const stored = results.store.reduce((n, r) => n + r.inserted, 0)
  const written = results.store.reduce((n, r) => n + r.rowsWritten, 0)
  if (stored !== ROUNDS * 1000) throw new Error(`consumer stored ${stored} of ${ROUNDS * 1000} events`)
  row(
    'consumer write events/s vs raw json_each bulk insert (same D1)',
    rate('store'),
    rate('raw-json'),
    '≥ 0.5 of raw',
  )
  row(
    'write strategy: one json_each statement (kept) vs chunked multi-row VALUES, events/s',
    rate('raw-json'),
    rate('raw-values'),
    'json_each ≥ VALUES',
  )
  const rawWritten =
    results['raw-json'].reduce((n, r) => n + r.rowsWritten, 0) /
    results['raw-json'].reduce((n, r) => n + r.events, 0)
  row(
    'D1 rows written per stored event (meta.rows_written) vs raw insert',
    written / stored,
    rawWritten,
    '≤ 3',
  )
}

// ── 3. /collect requests/s vs the no-op route, same path, same wrangler dev ────────────────
{
  const CONNECTIONS = 16
  const SECONDS = Number(process.env.HEED_BENCH_SECONDS ?? 5)
  const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`
  async function load(path) {
    let ok = 0
    let other = 0
    const until = performance.now() + SECONDS * 1000
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < until) {
          const res = await fetch(`${origin}${path}`, {
            method: 'POST',
            // Real traffic comes from many addresses: one address sending all of it would be (and
            // is) rate limited as the abuse it looks like.
            headers: { ...headers, 'cf-connecting-ip': randomAddress() },
            body: JSON.stringify(envelope()),
          })
          await res.arrayBuffer()
          if (res.status === 202) ok++
          else other++
        }
      }),
    )
    if (other > 0) throw new Error(`${path}: ${other} answers were not 202`)
    return ok / SECONDS
  }
  await load('/collect?bench=noop') // warm-up both paths
  await load('/collect')
  const noop = []
  const collect = []
  for (let round = 0; round < 2; round++) {
    noop.push(await load('/collect?bench=noop'))
    collect.push(await load('/collect'))
  }
  const c = collect.reduce((a, b) => a + b) / collect.length
  const n = noop.reduce((a, b) => a + b) / noop.length
  row(
    `/collect requests/s (${EVENTS_PER_REQUEST} events, ${CONNECTIONS} connections) vs no-op route`,
    c,
    n,
    '≥ 0.8 of no-op',
  )
}

stop()
console.log('| name | value | baseline | ratio | target |')
console.log('|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
process.exit(0)
