// Fault bench: 10,000 events sent through /collect (the worker's own app, in Node, on a node:sqlite
// D1) to a queue with Cloudflare's delivery contract (wrangler.toml's batch size, retries and
// dead-letter queue, on a virtual clock), consumed by the real consumer while 30 % of D1 writes fail
// (some after committing) and D1 refuses every write for 5½ minutes, longer than a message's
// retries; then the dead letters are replayed through the admin API. Run twice: as is, and with the
// consumer killed mid-batch in 20 % of its invocations. Same code as worker/src/ingest/faults.test.ts.
// Prints `| name | value | baseline | ratio | target |` rows; exits 1 if any event is lost or doubled.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { queueConsumers } from '../../scripts/lib/queue-config.mjs'
import { bundleAndImport } from '../lib/bundle.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const lib = await bundleAndImport(
  join(here, 'entry.mjs'),
  join(root, 'bench', '.cache', 'faults', 'entry.mjs'),
)
const queues = queueConsumers(readFileSync(join(root, 'wrangler.toml'), 'utf8'))

const EVENTS = Number(process.env.HEED_BENCH_FAULT_EVENTS ?? 10_000)
const FAILURE_RATE = 0.3
const SITE = 'bench-faults'
const ADMIN_TOKEN = 'bench-faults-admin-token-0123456789abcdef'

const fmt = (n) => Math.round(n).toLocaleString('en-US')
const rows = []
const row = (name, value, baseline, target) =>
  rows.push([name, fmt(value), fmt(baseline), baseline ? (value / baseline).toFixed(2) : '-', target])

let broken = false
for (const [label, killRate, seed] of [
  ['30 % of writes failing', 0, 1],
  ['30 % failing, consumer killed in 20 % of batches', 0.2, 2],
]) {
  const d1 = lib.sqliteD1(join(root, 'migrations'))
  const now = Date.now()
  d1.raw
    .prepare(
      `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
       VALUES (?, 'bench', '[]', '["https://shop.example"]', 'EUR', 'UTC', 395, 'opt-in', '{}', ?, ?)`,
    )
    .run(SITE, now, now)
  const env = { DB: d1, ADMIN_TOKEN, HEED_VERSION: 'bench', AI_PROVIDER: 'rules' }
  const app = lib.createApp()
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} }
  const started = performance.now()
  const f = await lib.runFaultScenario((request, e) => app.fetch(request, e, ctx), env, queues, {
    site: SITE,
    events: EVENTS,
    failureRate: FAILURE_RATE,
    killRate,
    seed,
    adminToken: ADMIN_TOKEN,
  })
  const seconds = (performance.now() - started) / 1000
  console.log(`${label}: ${JSON.stringify(f)} in ${seconds.toFixed(1)} s`)
  const p = `faults, ${label}:`
  row(`${p} events sent (accepted by /collect)`, f.sent, EVENTS, `${fmt(EVENTS)}`)
  row(`${p} events stored`, f.stored, f.sent, '= sent')
  row(`${p} events duplicated (rows beyond one per id)`, f.duplicated, f.sent, '0')
  row(`${p} events lost`, f.lost, f.sent, '0')
  row(`${p} messages retried (redeliveries) vs messages`, f.retried, f.messages, '-')
  row(`${p} events replayed from dead letters`, f.replayed, f.sent, '-')
  row(`${p} usage counter vs stored`, f.usageCounted, f.stored, '= stored')
  row(`${p} bot hits counted vs sent`, f.botHitsCounted, f.botHitsSent, '= sent')
  row(`${p} orders stored vs sent`, f.ordersStored, f.ordersSent, '= sent')
  row(`${p} D1 writes failed vs writes (outside the outage)`, f.writesFailed, f.writes, `≈ ${FAILURE_RATE}`)
  row(`${p} D1 writes refused during the outage`, f.outageWrites, 0, '-')
  row(`${p} messages dead-lettered vs messages`, f.deadLettered, f.messages, '-')
  if (killRate > 0) row(`${p} consumers killed mid-batch`, f.kills, 0, '-')
  const exact =
    f.sent === EVENTS &&
    f.stored === f.sent &&
    f.duplicated === 0 &&
    f.lost === 0 &&
    f.usageCounted === f.stored &&
    f.botHitsCounted === f.botHitsSent &&
    f.ordersStored === f.ordersSent &&
    f.droppedByQueue === 0 &&
    f.pendingDeadLetters === 0
  if (!exact) broken = true
}

console.log('| name | value | baseline | ratio | target |')
console.log('|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
if (broken) console.error('bench/faults: an event was lost or counted twice')
process.exit(broken ? 1 : 0)
