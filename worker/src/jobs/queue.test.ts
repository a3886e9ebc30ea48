import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { siteSettingsSchema } from '../site/settings'
import { runPipeline } from '../ingest/pipeline'
import { type IngestMessage, MESSAGE_VERSION } from '../ingest/row'
import { eventId, VID } from '../../test/envelopes'
import { backoffSeconds, isTransient } from '../ingest/consume'
import { D1_FAULTS } from '../../test/faulty-d1'
import { consume } from '../../test/queue'

const NOW = Date.now()

/** Real rows through the real pipeline, so the consumer sees what /collect would send. */
function message(site: string, events: unknown[]): IngestMessage {
  const r = runPipeline(
    { v: 1, site, consent: { analytics: true, marketing: true }, events },
    {
      site: { id: site, currency: 'EUR', settings: siteSettingsSchema.parse({}) },
      receivedAt: NOW,
      facts: {
        country: 'DE',
        region: null,
        city: null,
        device: 'desktop',
        browser: 'Firefox',
        os: 'Windows',
      },
      consent: { analytics: true, marketing: true, vid: VID, sid: null },
      vid: VID,
    },
  )
  return {
    v: MESSAGE_VERSION,
    site_id: site,
    received_at: NOW,
    events: r.events,
    quarantine: r.quarantine,
    bots: [],
  }
}

const pv = (over: Record<string, unknown> = {}) => ({
  id: eventId(),
  type: 'pageview',
  ts: NOW,
  url: 'https://shop.example/',
  ...over,
})
const purchase = (order: string) => ({
  id: eventId(),
  type: 'purchase',
  ts: NOW,
  url: 'https://shop.example/thanks',
  order_id: order,
  value: 40,
  currency: 'EUR',
})

const count = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .first<{ n: number }>()
  )?.n ?? -1

describe('events consumer', () => {
  it('stores each event once; a replayed batch and a redelivery change nothing', async () => {
    const m = message('q-once', [pv(), pv(), pv()])
    expect((await consume('heed-events', [m])).ackAll).toBe(true)
    expect(await consume('heed-events', [m, m])).toMatchObject({ ackAll: true })
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ?', 'q-once')).toBe(3)
  })

  it('counts a purchase once per order id however often it arrives', async () => {
    await consume('heed-events', [
      message('q-order', [purchase('A-1')]),
      message('q-order', [purchase('A-1')]),
    ])
    await consume('heed-events', [message('q-order', [purchase('A-1'), purchase('B-2')])])
    expect(
      await count("SELECT count(*) AS n FROM events WHERE site_id = ? AND type = 'purchase'", 'q-order'),
    ).toBe(2)
    const orders = await env.DB.prepare(
      'SELECT order_id, value, currency FROM orders WHERE site_id = ? ORDER BY order_id',
    )
      .bind('q-order')
      .all()
    expect(orders.results).toEqual([
      { order_id: 'A-1', value: 40, currency: 'EUR' },
      { order_id: 'B-2', value: 40, currency: 'EUR' },
    ])
  })

  it('stores one row per event id and one purchase per order across the messages of one batch', async () => {
    const site = 'q-dedupe'
    const view = pv({ ts: NOW - 60_000 })
    const bought = { ...purchase('D-1'), ts: NOW - 60_000 }
    // The same pageview resent with a corrected clock, and the thank-you page reloaded (new id, new time).
    const resent = message(site, [
      { ...view, ts: NOW - 30_000 },
      { ...purchase('D-1'), ts: NOW - 30_000 },
    ])
    const stored = async () => ({
      events: (
        await env.DB.prepare('SELECT id, type, ts FROM events WHERE site_id = ? ORDER BY type')
          .bind(site)
          .all()
      ).results,
      orders: (
        await env.DB.prepare('SELECT order_id, event_id, ts FROM orders WHERE site_id = ?').bind(site).all()
      ).results,
    })
    const first = {
      events: [
        { id: view.id, type: 'pageview', ts: NOW - 60_000 },
        { id: bought.id, type: 'purchase', ts: NOW - 60_000 },
      ],
      orders: [{ order_id: 'D-1', event_id: bought.id, ts: NOW - 60_000 }],
    }
    await consume('heed-events', [message(site, [view, bought]), resent])
    expect(await stored()).toEqual(first)
    // A later batch: the order again under another id and time, and the pageview once more.
    await consume('heed-events', [
      message(site, [
        { ...purchase('D-1'), ts: NOW - 10_000 },
        { ...view, ts: NOW - 10_000 },
      ]),
    ])
    expect(await stored()).toEqual(first)
  })

  it('writes 3 rows per event (table, by time, by visitor) plus one usage row per site and day', async () => {
    const m = message(
      'q-rows',
      Array.from({ length: 50 }, () => pv()),
    )
    const logs: string[] = []
    const original = console.log
    console.log = (line: string) => logs.push(line)
    try {
      await consume('heed-events', [m])
    } finally {
      console.log = original
    }
    const summary = JSON.parse(logs.find((l) => l.includes('rowsWritten')) ?? '{}')
    expect(summary).toMatchObject({ events: 50, inserted: 50, rowsWritten: 50 * 3 + 1 })
    expect(await count('SELECT events AS n FROM site_usage WHERE site_id = ?', 'q-rows')).toBe(50)
  })

  it('stores <script> and SQL as plain text', async () => {
    const evil = `<script>alert(1)</script>'; DROP TABLE events;--`
    const e = pv({ title: evil })
    await consume('heed-events', [message('q-evil', [e])])
    const row = await env.DB.prepare('SELECT title FROM events WHERE site_id = ? AND id = ?')
      .bind('q-evil', e.id)
      .first()
    expect(row).toEqual({ title: evil })
  })

  it('stores quarantined inputs and bot counts from the message', async () => {
    const m = message('q-quar', [pv(), { type: 'pageview' }])
    const bot = {
      id: crypto.randomUUID(),
      site_id: 'q-quar',
      day: '2026-11-28',
      reason: 'headless',
      count: 4,
    }
    m.bots = [bot]
    await consume('heed-events', [
      m,
      { ...m, events: [], quarantine: [], bots: [{ ...bot, id: crypto.randomUUID() }] },
    ])
    expect(
      await count(
        'SELECT count(*) AS n FROM quarantine WHERE site_id = ? AND reason = ?',
        'q-quar',
        'missing_id',
      ),
    ).toBe(1)
    expect(
      await count('SELECT count AS n FROM bot_counts WHERE site_id = ? AND reason = ?', 'q-quar', 'headless'),
    ).toBe(8)
  })

  it('quarantines a message of unknown shape instead of dropping it', async () => {
    expect((await consume('heed-events', [{ hello: 'world' }])).ackAll).toBe(true)
    expect(
      await count(
        "SELECT count(*) AS n FROM quarantine WHERE reason = 'bad_message' AND payload = ?",
        '{"hello":"world"}',
      ),
    ).toBe(1)
  })

  it('splits a failing batch: the poison message alone is retried, every other message is stored', async () => {
    const good = Array.from({ length: 9 }, () => message('q-split', [pv(), pv()]))
    // A quarantine row without a reason violates NOT NULL: a real D1 error, every time.
    const poison = {
      ...message('q-split', [pv()]),
      quarantine: [{ site_id: 'q-split', reason: null, created_at: NOW }],
    }
    const bodies = [...good.slice(0, 6), poison, ...good.slice(6)]
    const result = await consume('heed-events', bodies)
    expect(result.ackAll).toBe(false)
    expect(result.retryBatch.retry).toBe(false)
    expect(result.retryMessages.map((m) => m.msgId)).toEqual([result.ids[6]])
    expect([...result.explicitAcks].sort()).toEqual(result.ids.filter((_, i) => i !== 6).sort())
    const stored = await env.DB.prepare('SELECT id FROM events WHERE site_id = ? ORDER BY id')
      .bind('q-split')
      .all<{ id: string }>()
    expect(stored.results.map((r) => r.id)).toEqual(good.flatMap((m) => m.events.map((e) => e.id)).sort())
    expect(await count('SELECT events AS n FROM site_usage WHERE site_id = ?', 'q-split')).toBe(18)
  })

  it('counts usage and bots once however often a message is delivered', async () => {
    const m = message('q-count', [pv(), pv(), pv()])
    m.bots = [
      { id: crypto.randomUUID(), site_id: 'q-count', day: '2026-11-28', reason: 'headless', count: 4 },
    ]
    const other = message('q-count', [pv(), pv()])
    other.bots = [
      { id: crypto.randomUUID(), site_id: 'q-count', day: '2026-11-28', reason: 'headless', count: 1 },
    ]
    // Twice in one batch, then redelivered (the first write committed but its answer was lost).
    expect((await consume('heed-events', [m, m, other])).ackAll).toBe(true)
    expect((await consume('heed-events', [m, other], 2)).ackAll).toBe(true)
    expect(await count('SELECT events AS n FROM site_usage WHERE site_id = ?', 'q-count')).toBe(5)
    expect(await count('SELECT count AS n FROM bot_counts WHERE site_id = ?', 'q-count')).toBe(5)
  })

  it('retries a message D1 refuses with backoff, then the DLQ consumer keeps it whole', async () => {
    // A quarantine row without a reason violates NOT NULL: a real D1 error, not a mock.
    const [mine, theirs] = message('q-dlq', [pv(), pv()]).events
    const other = { ...theirs!, vid: 'v2v2v2v2-0000-4000-8000-000000000002' }
    const brokenQuarantine = [{ site_id: 'q-dlq', reason: null, created_at: NOW }]
    const broken = {
      v: MESSAGE_VERSION,
      site_id: 'q-dlq',
      received_at: NOW,
      events: [mine!, other],
      quarantine: brokenQuarantine,
      bots: [],
    }
    const result = await consume('heed-events', [broken])
    expect(result.ackAll).toBe(false)
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(result.ids)
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ?', 'q-dlq')).toBe(0)

    // Delivered twice (the DLQ retries too): still one row per part.
    expect((await consume('heed-events-dlq', [broken])).ackAll).toBe(true)
    expect((await consume('heed-events-dlq', [broken], 2)).ackAll).toBe(true)
    const rows = await env.DB.prepare(
      "SELECT vid, events, body, replayed_at FROM dead_letters WHERE site_id = 'q-dlq' ORDER BY id",
    ).all<{ vid: string | null; events: number; body: string; replayed_at: number | null }>()
    const part = (over: object) => ({ ...broken, events: [], quarantine: [], bots: [], ...over })
    expect(rows.results.map((r) => ({ ...r, body: JSON.parse(r.body) }))).toEqual([
      { vid: VID, events: 1, body: part({ events: [mine] }), replayed_at: null },
      { vid: other.vid, events: 1, body: part({ events: [other] }), replayed_at: null },
      { vid: null, events: 0, body: part({ quarantine: brokenQuarantine }), replayed_at: null },
    ])
  })
})

describe('retry policy', () => {
  it('doubles the delay per attempt up to ten minutes', () => {
    expect([1, 2, 3, 4, 5, 10].map(backoffSeconds)).toEqual([10, 20, 40, 80, 160, 600])
  })

  it('retries in place every error D1 documents as worth a retry (the fault seam throws these)', () => {
    expect(D1_FAULTS.filter((f) => !isTransient(new Error(f.message)))).toEqual([])
  })

  it('treats D1 overload and dropped connections as transient, SQL errors as not', () => {
    expect(isTransient(new Error('D1 DB is overloaded. Requests queued for too long.'))).toBe(true)
    expect(isTransient(new Error('Network connection lost.'))).toBe(true)
    expect(isTransient(new Error('NOT NULL constraint failed: quarantine.reason'))).toBe(false)
  })
})
