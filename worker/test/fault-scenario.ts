/**
 * Test-only: the fault-injection run, shared by worker/src/ingest/faults.test.ts (a smaller count)
 * and bench/faults (10,000 events). Events go through the worker's own fetch handler (/collect) to
 * a queue with Cloudflare's delivery contract on a virtual clock (queue-broker.ts), whose consumer
 * is the real one (ingest/consume.ts) on a D1 that fails a share of writes (faulty-d1.ts). Over ten
 * virtual minutes of traffic D1 is also down for six minutes, longer than the queue's retries, so
 * messages reach the dead-letter queue; once D1 is back an operator replays them through the admin
 * API. The figures are read from the real D1 at the end. No runtime imports: the bench runs it in Node.
 */
import type { QueueConsumerConfig } from '../../scripts/lib/queue-config.mjs'
import type { Env } from '../src/env'
import { consumeBatch } from '../src/ingest/consume'
import { collectRequest, envelope } from './envelopes'
import { seededRandom } from '../src/profiling/cluster'
import { FaultyD1 } from './faulty-d1'
import { type Invocation, QueueBroker } from './queue-broker'

export interface FaultScenario {
  /** An existing site that accepts https://shop.example. */
  site: string
  /** Events to send (bot traffic comes on top and is only counted). */
  events: number
  /** Share of D1 writes that fail. */
  failureRate: number
  /** Share of consumer invocations killed mid-batch, after 0 to 3 writes. */
  killRate: number
  seed: number
  /** The admin token the worker's env holds. */
  adminToken: string
}

export interface FaultFigures {
  /** Events /collect accepted. */
  sent: number
  /** Of those, events stored. */
  stored: number
  /** Stored rows beyond one per event id. */
  duplicated: number
  /** Accepted events not stored. */
  lost: number
  /** Deliveries of an events message that had been delivered before. */
  retried: number
  /** Events in dead letters replayed through the admin API. */
  replayed: number
  /** The site's usage counter (site_usage): equals `stored` when it counts each event once. */
  usageCounted: number
  botHitsSent: number
  /** The site's bot counter (bot_counts). */
  botHitsCounted: number
  ordersSent: number
  ordersStored: number
  /** Messages /collect queued (replays not counted). */
  messages: number
  /** Writes outside the outage, and how many of them failed (about `failureRate`). */
  writes: number
  writesFailed: number
  /** Writes refused during the outage. */
  outageWrites: number
  /** Failed writes that had committed (the answer was lost). */
  committedThenFailed: number
  kills: number
  /** Messages moved to the dead-letter queue. */
  deadLettered: number
  /** Messages the dead-letter queue gave up on: lost by the queue itself. */
  droppedByQueue: number
  /** Dead letters of the site still waiting for a replay at the end. */
  pendingDeadLetters: number
}

const SECOND = 1000
const TRAFFIC_MS = 2 * 60 * SECOND
/** Longer than the queue's retries of one message (10 + 20 + 40 + 80 + 160 s), so some dead-letter. */
const OUTAGE = { from: 60 * SECOND, to: (60 + 330) * SECOND }
const MAX_REPLAY_ROUNDS = 5

/** The worker's fetch handler, as the runtime would call it with `env`. */
export type WorkerFetch = (request: Request, env: Env) => Response | Promise<Response>

export async function runFaultScenario(
  fetch: WorkerFetch,
  env: Env,
  queues: QueueConsumerConfig[],
  s: FaultScenario,
): Promise<FaultFigures> {
  const random = seededRandom(s.seed)
  const start = Date.now()
  const broker = new QueueBroker(queues, start)
  const faulty = new FaultyD1(env.DB, { failureRate: s.failureRate, random })
  faulty.down = () => broker.now >= start + OUTAGE.from && broker.now < start + OUTAGE.to
  const testEnv: Env = {
    ...env,
    DB: faulty.binding,
    EVENTS: broker.producer('heed-events'),
    EVENTS_DLQ: broker.producer('heed-events-dlq'),
  }

  const invoke: Invocation = async (batch) => {
    if (random() < s.killRate) faulty.killAfterWrites(Math.floor(random() * 4))
    // In-place retries wait on the virtual clock.
    await consumeBatch(batch, faulty.binding, Date.now(), {
      sleep: async (ms) => {
        broker.now += ms
      },
    })
    const killed = faulty.wasKilled
    faulty.revive()
    return killed ? 'killed' : 'done'
  }

  // ── Traffic: requests of 1–7 events, some with a purchase, one in 25 from a headless browser ──
  const requests: { body: unknown; bot: boolean; events: string[]; orders: number }[] = []
  let planned = 0
  for (let r = 0; planned < s.events; r++) {
    const bot = random() < 0.04
    const n = Math.min(1 + Math.floor(random() * 7), bot ? 7 : s.events - planned)
    const events: Record<string, unknown>[] = Array.from({ length: n }, (_, i) => ({
      id: crypto.randomUUID(),
      type: 'pageview',
      ts: start,
      url: `https://shop.example/p/${r}/${i}`,
    }))
    let orders = 0
    if (!bot && random() < 0.15) {
      events[n - 1] = {
        id: crypto.randomUUID(),
        type: 'purchase',
        ts: start,
        url: 'https://shop.example/thanks',
        order_id: `order-${s.seed}-${r}`,
        value: 40,
        currency: 'EUR',
      }
      orders = 1
    }
    const body = envelope(s.site, events, {
      vid: crypto.randomUUID(),
      sid: crypto.randomUUID(),
      consent: { analytics: true, marketing: false },
    })
    requests.push({ body, bot, events: events.map((e) => e.id as string), orders })
    if (!bot) planned += n
  }

  const sentIds = new Set<string>()
  let botHitsSent = 0
  let ordersSent = 0
  let nextTick = start + SECOND
  for (const [i, req] of requests.entries()) {
    const at = start + Math.floor((i * TRAFFIC_MS) / requests.length)
    for (; nextTick <= at; nextTick += SECOND) {
      broker.now = Math.max(broker.now, nextTick)
      await broker.deliver(invoke)
    }
    const res = await fetch(
      collectRequest(req.body, {
        userAgent: req.bot
          ? 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36'
          : undefined,
        headers: { 'cf-connecting-ip': `198.51.${(i >> 8) & 255}.${i & 255}` },
      }),
      testEnv,
    )
    const answer = (await res.json()) as { accepted?: number }
    if (res.status !== 202) throw new Error(`/collect answered ${res.status}: ${JSON.stringify(answer)}`)
    if (req.bot) botHitsSent += req.events.length
    else {
      if (answer.accepted !== req.events.length)
        throw new Error(`/collect accepted ${answer.accepted} of ${req.events.length}`)
      for (const id of req.events) sentIds.add(id)
      ordersSent += req.orders
    }
  }
  broker.now = Math.max(broker.now, start + TRAFFIC_MS)
  await broker.drain(invoke)

  const messages = broker.stats.get('heed-events')!.sent

  // ── After the fix: replay the site's dead letters until none is pending ──
  for (let round = 0; round < MAX_REPLAY_ROUNDS && (await pendingOf(env.DB, s.site)) > 0; round++) {
    for (let calls = 0; calls < 20; calls++) {
      const res = await fetch(
        new Request('https://heed.test/api/v1/admin/dead-letters/replay', {
          method: 'POST',
          headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ site: s.site, limit: 1000 }),
        }),
        testEnv,
      )
      // A failed write answers 500; the operator calls again (what was sent is sent again: harmless).
      if (res.status === 200 && ((await res.json()) as { remaining: number }).remaining === 0) break
    }
    await broker.drain(invoke)
  }

  const stored = await env.DB.prepare('SELECT id FROM events WHERE site_id = ?')
    .bind(s.site)
    .all<{ id: string }>()
  const storedIds = new Set(stored.results.map((r) => r.id))
  const one = async (sql: string) =>
    (await env.DB.prepare(sql).bind(s.site).first<{ n: number | null }>())?.n ?? 0
  const events = broker.stats.get('heed-events')!
  const dlq = broker.stats.get('heed-events-dlq')!
  return {
    sent: sentIds.size,
    stored: [...sentIds].filter((id) => storedIds.has(id)).length,
    duplicated: stored.results.length - storedIds.size,
    lost: [...sentIds].filter((id) => !storedIds.has(id)).length,
    retried: events.redeliveries,
    replayed: await one(
      'SELECT sum(events) AS n FROM dead_letters WHERE site_id = ? AND replayed_at IS NOT NULL',
    ),
    usageCounted: await one('SELECT sum(events) AS n FROM site_usage WHERE site_id = ?'),
    botHitsSent,
    botHitsCounted: await one('SELECT sum(count) AS n FROM bot_counts WHERE site_id = ?'),
    ordersSent,
    ordersStored: await one('SELECT count(*) AS n FROM orders WHERE site_id = ?'),
    messages,
    writes: faulty.stats.writes - faulty.stats.duringOutage,
    writesFailed: faulty.stats.failed - faulty.stats.duringOutage,
    outageWrites: faulty.stats.duringOutage,
    committedThenFailed: faulty.stats.committedThenFailed,
    kills: faulty.stats.kills,
    deadLettered: events.deadLettered,
    droppedByQueue: dlq.dropped,
    pendingDeadLetters: await pendingOf(env.DB, s.site),
  }
}

async function pendingOf(d1: D1Database, site: string) {
  const row = await d1
    .prepare('SELECT count(*) AS n FROM dead_letters WHERE site_id = ? AND replayed_at IS NULL')
    .bind(site)
    .first<{ n: number }>()
  return row?.n ?? 0
}
