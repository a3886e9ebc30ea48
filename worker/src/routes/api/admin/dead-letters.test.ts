import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { ADMIN, call } from '../../../../test/api'
import { collectRequest, envelope, eventRow, pageview, VID } from '../../../../test/envelopes'
import { createKey, createSite } from '../../../../test/fixtures'
import { consume } from '../../../../test/queue'
import { type IngestMessage, MESSAGE_VERSION } from '../../../ingest/row'

const NOW = Date.now()

const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all()
  ).results

/** What the site has: stored event ids, its usage counter and its bot counter. */
async function stateOf(site: string) {
  const [usage] = await rows('SELECT sum(events) AS n FROM site_usage WHERE site_id = ?', site)
  const [bots] = await rows('SELECT sum(count) AS n FROM bot_counts WHERE site_id = ?', site)
  return {
    events: (await rows('SELECT id FROM events WHERE site_id = ? ORDER BY id', site)).map((r) => r.id),
    usage: usage?.n ?? 0,
    bots: bots?.n ?? 0,
  }
}

function message(site: string, ids: string[], bots = 0): IngestMessage {
  return {
    v: MESSAGE_VERSION,
    site_id: site,
    received_at: NOW,
    events: ids.map((id) => eventRow({ site_id: site, id, vid: VID, ts: NOW, received_at: NOW })),
    quarantine: [],
    bots: bots
      ? [{ id: crypto.randomUUID(), site_id: site, day: '2026-12-01', reason: 'headless', count: bots }]
      : [],
  }
}

/** A message D1 refuses until the trigger is dropped: a real D1 error, then "the fix". */
async function poison(eventId: string) {
  await env.DB.prepare(
    `CREATE TRIGGER reject_${eventId.replaceAll('-', '_')} BEFORE INSERT ON events WHEN NEW.id = '${eventId}'
     BEGIN SELECT RAISE(ABORT, 'rejected by the test'); END`,
  ).run()
  return () => env.DB.prepare(`DROP TRIGGER reject_${eventId.replaceAll('-', '_')}`).run()
}

describe('admin: dead letters', () => {
  it('are the admin token’s alone', async () => {
    await createSite({ id: 'dl-auth' })
    const key = await createKey('dl-auth', ['admin'])
    expect((await call('/admin/dead-letters')).status).toBe(401)
    expect((await call('/admin/dead-letters', { key })).status).toBe(403)
    const replay = await call('/admin/dead-letters/replay', { key, method: 'POST', body: {} })
    expect(replay.status).toBe(403)
    expect((await call('/admin/dead-letters', { key: ADMIN })).status).toBe(200)
  })

  it('replays a dead letter after the fix, through the real queue; replaying it again stores nothing twice', async () => {
    const site = await createSite({ id: 'dl-replay' })
    const [bad, alongside, other] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
    const fix = await poison(bad)
    const broken = message(site, [bad, alongside], 3)
    const fine = message(site, [other])

    // The batch is split: the broken message alone is retried, the other is stored.
    const first = await consume('heed-events', [broken, fine])
    expect(first.retryMessages.map((m) => m.msgId)).toEqual([first.ids[0]])
    expect(await stateOf(site)).toEqual({ events: [other], usage: 1, bots: 0 })
    // After its last retry the queue moves it to the dead-letter queue.
    expect((await consume('heed-events-dlq', [broken])).ackAll).toBe(true)

    const listed = await call(`/admin/dead-letters?site=${site}`, { key: ADMIN })
    expect(listed.status).toBe(200)
    const ids = listed.json.data.map((d: { id: number }) => d.id)
    expect(listed.json.data.map(({ id: _, created_at: __, ...d }: Record<string, unknown>) => d)).toEqual([
      { site, events: 2, replayed_at: null },
      { site, events: 0, replayed_at: null },
    ])

    await fix()
    const replayed = await call('/admin/dead-letters/replay', { key: ADMIN, method: 'POST', body: { site } })
    expect(replayed.json).toEqual({ replayed: 2, events: 2, remaining: 0 })
    const whole = { events: [bad, alongside, other].sort(), usage: 3, bots: 3 }
    await vi.waitFor(async () => expect(await stateOf(site)).toEqual(whole), {
      timeout: 10_000,
      interval: 100,
    })
    const after = await call(`/admin/dead-letters?site=${site}&status=replayed`, { key: ADMIN })
    expect(after.json.data.map((d: { id: number }) => d.id)).toEqual(ids)

    // Pending ones only: nothing left. By id: sent again, and the store ignores what it has.
    const none = await call('/admin/dead-letters/replay', { key: ADMIN, method: 'POST', body: { site } })
    expect(none.json).toEqual({ replayed: 0, events: 0, remaining: 0 })
    const again = await call('/admin/dead-letters/replay', { key: ADMIN, method: 'POST', body: { ids } })
    expect(again.json).toEqual({ replayed: 2, events: 2, remaining: 0 })
    // A later event through /collect and the same queue: once it is stored, the replay was consumed.
    const later = pageview()
    expect((await SELF.fetch(collectRequest(envelope(site, [later])))).status).toBe(202)
    await vi.waitFor(async () => expect((await stateOf(site)).events).toContain(later.id), {
      timeout: 10_000,
      interval: 100,
    })
    expect(await stateOf(site)).toEqual({ events: [...whole.events, later.id].sort(), usage: 4, bots: 3 })
  })

  it('answers 400 for ids that are not dead-letter ids', async () => {
    const res = await call('/admin/dead-letters/replay', { key: ADMIN, method: 'POST', body: { ids: ['x'] } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('invalid_request')
  })
})
