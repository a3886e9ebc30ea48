import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { siteSettingsSchema } from '../site/settings'
import { runPipeline } from '../ingest/pipeline'
import { type IngestMessage, MESSAGE_VERSION } from '../ingest/row'
import { eventId, VID } from '../../test/envelopes'
import { backoffSeconds, isTransient } from './queue'
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
    m.bots = [{ site_id: 'q-quar', day: '2026-11-28', reason: 'headless', count: 4 }]
    await consume('heed-events', [m, { ...m, events: [], quarantine: [] }])
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

  it('retries the whole batch with backoff when D1 refuses it, then the DLQ consumer quarantines it', async () => {
    // A quarantine row without a reason violates NOT NULL: a real D1 error, not a mock.
    const broken = {
      v: MESSAGE_VERSION,
      site_id: 'q-dlq',
      received_at: NOW,
      events: message('q-dlq', [pv()]).events,
      quarantine: [{ site_id: 'q-dlq', reason: null, created_at: NOW }],
      bots: [],
    }
    const result = await consume('heed-events', [broken])
    expect(result.ackAll).toBe(false)
    expect(result.retryBatch.retry).toBe(true)
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ?', 'q-dlq')).toBe(0)

    expect((await consume('heed-events-dlq', [broken])).ackAll).toBe(true)
    const rows = await env.DB.prepare(
      "SELECT event_id, reason, payload FROM quarantine WHERE site_id = 'q-dlq' ORDER BY id",
    ).all<{ event_id: string | null; reason: string; payload: string }>()
    expect(rows.results.map((r) => r.reason)).toEqual(['dead_letter', 'dead_letter'])
    expect(rows.results[0]?.event_id).toBe(broken.events[0]?.id)
    expect(JSON.parse(rows.results[0]?.payload ?? '{}')).toMatchObject({
      id: broken.events[0]?.id,
      url: 'https://shop.example/',
    })
  })
})

describe('retry policy', () => {
  it('doubles the delay per attempt up to ten minutes', () => {
    expect([1, 2, 3, 4, 5, 10].map(backoffSeconds)).toEqual([10, 20, 40, 80, 160, 600])
  })

  it('treats D1 overload and dropped connections as transient, SQL errors as not', () => {
    expect(isTransient(new Error('D1 DB is overloaded. Requests queued for too long.'))).toBe(true)
    expect(isTransient(new Error('Network connection lost.'))).toBe(true)
    expect(isTransient(new Error('NOT NULL constraint failed: quarantine.reason'))).toBe(false)
  })
})
