import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createSite } from '../../test/fixtures'
import { db } from '../db/client'
import { collectRequest, envelope, eventRow, pageview } from '../../test/envelopes'
import type { IngestMessage } from '../ingest/row'
import { ADMIN, call } from '../../test/api'
import { consume } from '../../test/queue'
import { logGpcDowngrades } from './downgrade'
import { stillGrantingMarketing } from './state'
import { consentBody, insertProfile, postConsent } from '../../test/visitor-rows'

// A returning visitor's stored marketing grant is capped in the browser when GPC is on, without a
// decision being sent: the worker logs that downgrade itself from the Sec-GPC header on /collect.

const SITE = 'gpc-shop'
const GRANTED = crypto.randomUUID() // logged marketing grant, comes back with GPC
const GRANTED_CONSENT = crypto.randomUUID()
const CONTROL = crypto.randomUUID() // logged marketing grant, no GPC
const ANALYST = crypto.randomUUID() // logged analytics only, sends GPC
const UNLOGGED = crypto.randomUUID() // nothing logged, sends GPC

const all = async <T>(sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all<T>()
  ).results

/** One /collect request for `vid` claiming analytics and `marketing`, with or without Sec-GPC. */
async function collect(vid: string, opts: { gpc: boolean; marketing: boolean }) {
  const event = pageview({ url: 'https://shop.example/boots' })
  const res = await SELF.fetch(
    collectRequest(
      envelope(SITE, [event], { vid, consent: { analytics: true, marketing: opts.marketing } }),
      { headers: opts.gpc ? { 'sec-gpc': '1' } : {} },
    ),
    // As Cloudflare's edge describes a visitor in California.
    { cf: { country: 'US', regionCode: 'CA' } },
  )
  expect(res.status).toBe(202)
  return event.id
}

/** Waits until the queue consumer stored these events. */
async function stored(ids: string[]) {
  await vi.waitFor(
    async () => {
      const rows = await all<{ id: string }>(
        `SELECT id FROM events WHERE site_id = ? AND id IN (SELECT value FROM json_each(?))`,
        SITE,
        JSON.stringify(ids),
      )
      expect(rows).toHaveLength(ids.length)
    },
    { timeout: 10_000, interval: 100 },
  )
}

const logOf = (consentId: string) =>
  all<Record<string, unknown>>(
    'SELECT action, analytics, marketing, source, banner_version, gpc FROM consent_log WHERE consent_id = ? ORDER BY ts, rowid',
    consentId,
  )

const gpcRows = async (site: string) =>
  (
    await all<{ n: number }>(
      `SELECT count(*) AS n FROM consent_log WHERE site_id = ? AND action = 'gpc'`,
      site,
    )
  )[0]!.n

/** A queue message as /collect sends it with Sec-GPC, for one pageview of `vid`. */
function gpcMessage(site: string, vid: string, receivedAt: number, jurisdiction?: string): IngestMessage {
  const row = eventRow({ site_id: site, vid, ts: receivedAt, received_at: receivedAt, country: 'US' })
  return {
    v: 1,
    site_id: site,
    received_at: receivedAt,
    events: [row],
    quarantine: [],
    bots: [],
    gpc: true,
    ...(jurisdiction && { jurisdiction }),
  }
}

describe('GPC downgrade of a logged marketing grant', () => {
  beforeAll(async () => {
    await createSite({ id: SITE })
    for (const [vid, marketing, consentId] of [
      [GRANTED, true, GRANTED_CONSENT],
      [CONTROL, true, crypto.randomUUID()],
      [ANALYST, false, crypto.randomUUID()],
    ] as const) {
      const res = await postConsent(consentBody({ site: SITE, vid, marketing, consent_id: consentId }))
      expect(res.status).toBe(201)
    }
    // Both granted visitors browse with marketing first, then the first one comes back with GPC on.
    await stored([
      await collect(GRANTED, { gpc: false, marketing: true }),
      await collect(CONTROL, { gpc: false, marketing: true }),
    ])
    await insertProfile(SITE, GRANTED)
    await stored([
      await collect(GRANTED, { gpc: true, marketing: false }),
      await collect(ANALYST, { gpc: true, marketing: false }),
      await collect(UNLOGGED, { gpc: true, marketing: false }),
    ])
  })

  it('logs exactly one gpc row with the grant’s consent id and turns marketing off in the state', async () => {
    expect(await logOf(GRANTED_CONSENT)).toEqual([
      { action: 'grant', analytics: 1, marketing: 1, source: 'banner', banner_version: '1', gpc: 0 },
      { action: 'gpc', analytics: 1, marketing: 0, source: 'gpc', banner_version: '1', gpc: 1 },
    ])
    // US privacy law is per state: the downgrade is logged under the request's state.
    expect(
      await all(
        'SELECT jurisdiction FROM consent_log WHERE consent_id = ? AND action = ?',
        GRANTED_CONSENT,
        'gpc',
      ),
    ).toEqual([{ jurisdiction: 'US-CA' }])
    expect(
      await all(
        'SELECT analytics, marketing, source, gpc FROM consent_state WHERE site_id = ? AND vid = ?',
        SITE,
        GRANTED,
      ),
    ).toEqual([{ analytics: 1, marketing: 0, source: 'gpc', gpc: 1 }])
  })

  it('erases the visitor’s profile with an erasure record, as a logged change dropping marketing does', async () => {
    expect(await all('SELECT vid FROM profiles WHERE site_id = ? AND vid = ?', SITE, GRANTED)).toEqual([])
    expect(await all(`SELECT reason, counts FROM erasures WHERE site_id = ?`, SITE)).toEqual([
      { reason: 'marketing-withdrawn', counts: expect.stringContaining('"profiles":1') },
    ])
  })

  it('logs nothing for a visitor without a marketing grant, logged or not', async () => {
    expect(await gpcRows(SITE)).toBe(1)
    expect(
      await all('SELECT marketing, gpc FROM consent_state WHERE site_id = ? AND vid = ?', SITE, ANALYST),
    ).toEqual([{ marketing: 0, gpc: 0 }])
    expect(await all('SELECT vid FROM consent_state WHERE site_id = ? AND vid = ?', SITE, UNLOGGED)).toEqual(
      [],
    )
  })

  it('profiling no longer selects the visitor; the one who kept the grant is profiled', async () => {
    expect(await stillGrantingMarketing(db(env.DB), SITE, [GRANTED, CONTROL])).toEqual(new Set([CONTROL]))
    const run = await call(`/admin/sites/${SITE}/profiling/run`, { key: ADMIN, method: 'POST' })
    expect(run.json).toMatchObject({ status: 'ok', profiled: 1 })
    expect(await all('SELECT vid FROM profiles WHERE site_id = ?', SITE)).toEqual([{ vid: CONTROL }])
  })

  it('a later batch with Sec-GPC adds no second row', async () => {
    await stored([await collect(GRANTED, { gpc: true, marketing: false })])
    expect(await gpcRows(SITE)).toBe(1)
  })
})

describe('GPC downgrade in the queue consumer', () => {
  it('a duplicate message in one batch and a redelivered batch log one row and store every event', async () => {
    const site = await createSite({ id: 'gpc-retry' })
    const vid = crypto.randomUUID()
    const consentId = crypto.randomUUID()
    await postConsent(consentBody({ site, vid, consent_id: consentId }))
    const m = gpcMessage(site, vid, Date.now() + 1)
    const other = gpcMessage(site, vid, Date.now() + 2)
    expect(await consume('heed-events', [m, m, other])).toMatchObject({ ackAll: true })
    expect(await consume('heed-events', [m, other])).toMatchObject({ ackAll: true })
    expect(await logOf(consentId)).toEqual([
      expect.objectContaining({ action: 'grant', marketing: 1 }),
      expect.objectContaining({ action: 'gpc', marketing: 0, gpc: 1 }),
    ])
    expect(
      await all('SELECT jurisdiction FROM consent_log WHERE consent_id = ? AND action = ?', consentId, 'gpc'),
    ).toEqual([{ jurisdiction: 'US' }])
    expect(await all('SELECT count(*) AS n FROM events WHERE site_id = ?', site)).toEqual([{ n: 2 }])
  })

  it('a grant logged after the Sec-GPC request stands', async () => {
    const site = await createSite({ id: 'gpc-late-grant' })
    const vid = crypto.randomUUID()
    const consentId = crypto.randomUUID()
    const before = Date.now() - 60_000
    await postConsent(consentBody({ site, vid, consent_id: consentId }))
    expect(await consume('heed-events', [gpcMessage(site, vid, before)])).toMatchObject({ ackAll: true })
    expect((await logOf(consentId)).map((r) => r.action)).toEqual(['grant'])
    expect(await all('SELECT marketing FROM consent_state WHERE site_id = ? AND vid = ?', site, vid)).toEqual(
      [{ marketing: 1 }],
    )
  })

  it('two consumers racing on the same grant write one row: the writes are conditional on the state read', async () => {
    const site = await createSite({ id: 'gpc-race' })
    const vid = crypto.randomUUID()
    const consentId = crypto.randomUUID()
    await postConsent(consentBody({ site, vid, consent_id: consentId }))
    const [state] = await all<{ updated_at: number }>(
      'SELECT updated_at FROM consent_state WHERE site_id = ? AND vid = ?',
      site,
      vid,
    )
    const downgrade = { siteId: site, vid, seen: state!.updated_at, jurisdiction: null }
    const written = await Promise.all([
      logGpcDowngrades(env.DB, [downgrade], Date.now()),
      logGpcDowngrades(env.DB, [downgrade], Date.now()),
    ])
    expect(written.sort()).toEqual([0, 1])
    expect(await gpcRows(site)).toBe(1)
    expect(await all('SELECT count(*) AS n FROM erasures WHERE site_id = ?', site)).toEqual([{ n: 1 }])
  })

  it('binds the version it is conditional on: one that reads as SQL matches no state and writes nothing', async () => {
    const site = await createSite({ id: 'gpc-bound' })
    const vid = crypto.randomUUID()
    await postConsent(consentBody({ site, vid }))
    await insertProfile(site, vid)
    // Written into the SQL text this would be `updated_at = 0 OR 1`, true for any state.
    const hostile = { siteId: site, vid, seen: '0 OR 1' as unknown as number, jurisdiction: null }
    expect(await logGpcDowngrades(env.DB, [hostile], Date.now())).toBe(0)
    expect(await gpcRows(site)).toBe(0)
    expect(await all('SELECT marketing FROM consent_state WHERE site_id = ? AND vid = ?', site, vid)).toEqual(
      [{ marketing: 1 }],
    )
    expect(await all('SELECT vid FROM profiles WHERE site_id = ?', site)).toEqual([{ vid }])
    expect(await all('SELECT count(*) AS n FROM erasures WHERE site_id = ?', site)).toEqual([{ n: 0 }])
  })
})
