import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { eraseVisitor } from '../consent/erase'
import { db } from '../db/client'
import { getSite } from '../site/load'
import { insertEvents, insertOrders } from '../../test/raw-rows'
import { stitch } from '../sources/identity/stitch'
import { ADMIN } from '../../test/api'
import { callApi } from '../../test/sources-api'
import type { VisitorFeatures } from './features'
import type { ProfilingProvider } from './providers'
import { type RunOptions, runProfiling } from './run'
import { echoModel, promptedVisitors } from '../../test/mock-model'

// One person, many ids: two consented browsers (b1, b2), a browser that denied marketing (b3) and
// an offline customer id (xoff) with a store purchase and a survey answer. The profiler pools the
// consented browsers and the offline id into ONE profile stored under b1 (the smallest consented
// id); b3 contributes nothing. An unlinked visitor (solo) is profiled on its own as before.
const SITE = 'prof-person'
const DAY = 86_400_000
const now = Date.UTC(2026, 10, 28, 12)
const rules: ProfilingProvider = { kind: 'rules', modelId: 'rules' }
const link = (vid: string) => ({ key: `vid:${vid}`, kind: 'vid' as const, vid })
const USER = { key: 'user:0f0f', kind: 'user' as const }
const CUSTOMER = { key: 'customer:a1a1', kind: 'customer' as const }

async function logConsent(vid: string, marketing: boolean, site = SITE) {
  await env.DB.prepare(
    `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at)
     VALUES (?1, ?2, ?3, 1, ?4, 'banner', ?5)
     ON CONFLICT (site_id, vid) DO UPDATE SET marketing = excluded.marketing`,
  )
    .bind(site, vid, crypto.randomUUID(), marketing ? 1 : 0, now)
    .run()
}

async function run(at = now, over: Partial<Omit<RunOptions, 'db' | 'site'>> & { siteId?: string } = {}) {
  const { siteId = SITE, ...rest } = over
  const site = (await getSite(db(env.DB), siteId))!
  return runProfiling({
    db: env.DB,
    site,
    provider: rules,
    budget: { maxVisitors: 100, maxTokens: 100_000 },
    now: at,
    trigger: 'cron',
    ...rest,
  })
}

async function profiles() {
  const { results } = await env.DB.prepare(
    'SELECT vid, features, lifecycle FROM profiles WHERE site_id = ? ORDER BY vid',
  )
    .bind(SITE)
    .all<{ vid: string; features: string; lifecycle: string }>()
  return results.map((r) => ({ ...r, features: JSON.parse(r.features) as VisitorFeatures }))
}

async function members(profileVid: string) {
  const { results } = await env.DB.prepare(
    'SELECT vid FROM profile_members WHERE site_id = ? AND profile_vid = ? ORDER BY vid',
  )
    .bind(SITE, profileVid)
    .all<{ vid: string }>()
  return results.map((r) => r.vid)
}

async function seed() {
  await createSite({ id: SITE })
  const ev = (vid: string, sid: string, ts: number, extra: Record<string, unknown> = {}) => ({
    site_id: SITE,
    vid,
    sid,
    ts,
    marketing: 1,
    ...extra,
  })
  await insertEvents(env.DB, [
    // b1: one session, three days ago, on a desktop: two pageviews and a search.
    ev('b1', 's1', now - 3 * DAY, { path: '/category/boots', device: 'desktop' }),
    ev('b1', 's1', now - 3 * DAY + 60_000, { path: '/', device: 'desktop' }),
    ev('b1', 's1', now - 3 * DAY + 90_000, { type: 'search', query: 'boots', device: 'desktop' }),
    // b2: one session yesterday, on a phone: one pageview and a purchase of 60.
    ev('b2', 's2', now - DAY, { path: '/category/boots', device: 'mobile' }),
    ev('b2', 's2', now - DAY + 1000, {
      type: 'purchase',
      order_id: 'o-web',
      value: 60,
      device: 'mobile',
      props: JSON.stringify({ items: [{ name: 'Trail boot', category: 'Boots', price: 60 }] }),
    }),
    // b3 (same person, marketing denied): must not show up anywhere in the profile.
    ev('b3', 's3', now - DAY, { type: 'search', query: 'secret-term', device: 'tablet' }),
    ev('b3', 's3', now - DAY + 1000, { path: '/category/secret', device: 'tablet' }),
    // solo: unlinked, one pageview and an order of 25 a week ago.
    ev('solo', 's9', now - 7 * DAY, { path: '/category/hats', device: 'desktop' }),
  ])
  await insertOrders(env.DB, [
    {
      site_id: SITE,
      vid: 'b2',
      order_id: 'o-web',
      ts: now - DAY + 1000,
      value: 60,
      items: [{ id: 'tb', name: 'Trail boot', category: 'Boots', price: 60 }],
    },
    { site_id: SITE, vid: 'b3', order_id: 'o-secret', ts: now - DAY, value: 999 },
    {
      site_id: SITE,
      vid: 'xoff',
      order_id: 'T-1',
      ts: now - 2 * DAY,
      value: 40,
      source: 'offline:store-mitte',
      items: [{ id: 'ws', name: 'Wool socks', category: 'Socks', price: 40 }],
    },
    { site_id: SITE, vid: 'solo', order_id: 'o-solo', ts: now - 7 * DAY, value: 25 },
  ])
  // What an import of the store's sales file and of a survey stores for the offline id.
  await env.DB.batch(
    [
      ['purchase', 'T-1', now - 2 * DAY, '{"items":[]}'],
      ['survey', 'S-1', now - 2 * DAY, '{"answers":{"Favourite activity":"hiking"}}'],
    ].map(([kind, key, ts, data]) =>
      env.DB.prepare(
        `INSERT INTO offline_records (site_id, kind, source_key, import_id, vid, ts, source_label, channel,
           lawful_basis, order_id, value, data, created_at)
         VALUES (?1, ?2, ?3, 'imp-1', 'xoff', ?4, 'offline', 'store-mitte', 'contract', ?5, ?6, ?7, ?8)`,
      ).bind(
        SITE,
        kind,
        key,
        ts,
        kind === 'purchase' ? 'T-1' : null,
        kind === 'purchase' ? 40 : null,
        data,
        now - DAY,
      ),
    ),
  )
  await logConsent('b1', true)
  await logConsent('b2', true)
  await logConsent('b3', false)
  await logConsent('solo', true)
  // b1, b3 and the offline customer are one person; b2 is not linked yet.
  await stitch(
    env.DB,
    SITE,
    [{ links: [link('b1'), USER] }, { links: [link('b3'), USER] }, { links: [link('xoff'), CUSTOMER, USER] }],
    'web',
    now - 3 * DAY,
  )
}

describe('profiles per person', () => {
  it('pools every consented id of a person into one profile; unlinked visitors stay as they are', async () => {
    await seed()
    const first = await run()
    expect(first).toMatchObject({ status: 'ok', candidates: 3, profiled: 3 })
    expect((await profiles()).map((p) => p.vid)).toEqual(['b1', 'b2', 'solo'])
    expect(await members('b1')).toEqual(['b1', 'xoff'])
    const soloBefore = (await profiles()).find((p) => p.vid === 'solo')!

    // The second browser identifies as the same customer: the next run has one profile for the
    // person (under b1) and drops b2's own.
    await stitch(env.DB, SITE, [{ links: [link('b2'), USER] }], 'web', now)
    const second = await run(now + 60_000)
    expect(second).toMatchObject({ status: 'ok', candidates: 1, profiled: 1 })
    const [person, solo, ...rest] = await profiles()
    expect(rest).toEqual([])
    expect(person!.vid).toBe('b1')
    expect(await members('b1')).toEqual(['b1', 'b2', 'xoff'])

    // Worked out by hand from the rows above (b3's rows are left out):
    // sessions s1 + s2 = 2; pageviews 2 (b1) + 1 (b2) = 3; one search "boots";
    // orders o-web 60 (b2) + T-1 40 (offline) = 2 orders, revenue 100, one of them offline;
    // last activity and last order yesterday; first seen three days ago.
    expect(person!.features).toMatchObject({
      sessions: 2,
      pageviews: 3,
      searches: 1,
      searchTerms: ['boots'],
      orders: 2,
      offlineOrders: 1,
      revenue: 100,
      avgOrderValue: 50,
      recencyDays: 1,
      firstSeenDays: 3,
      daysSinceLastOrder: 1,
      categories: { viewed: { boots: 2 }, bought: { boots: 1, socks: 1 } },
      products: { bought: { 'trail boot': 1, 'wool socks': 1 } },
      surveys: [{ question: 'Favourite activity', answer: 'hiking' }],
    })
    expect(person!.lifecycle).toBe('repeat_buyer')
    expect(JSON.stringify(person!.features)).not.toMatch(/secret|tablet|999/)

    // solo: one session, one pageview, one order of 25 a week ago — unchanged by any of this.
    expect(solo!.vid).toBe('solo')
    expect(solo!.features).toMatchObject({
      sessions: 1,
      pageviews: 1,
      orders: 1,
      offlineOrders: 0,
      revenue: 25,
      recencyDays: 7,
      categories: { viewed: { hats: 1 } },
    })
    expect(solo!.features).toEqual(soloBefore.features)
    expect(await members('solo')).toEqual(['solo'])

    // The API shows the person's one profile, with the ids it was pooled from, and the profiles
    // list has one entry per subject.
    const personId = (await env.DB.prepare(
      "SELECT person_id FROM identity_links WHERE site_id = ? AND key = 'vid:b2'",
    )
      .bind(SITE)
      .first<{ person_id: string }>())!.person_id
    const key = ADMIN
    const view = await callApi(`/sites/${SITE}/persons/${personId}`, { key })
    expect(view.status).toBe(200)
    expect(view.json.profile).toMatchObject({
      vid: 'b1',
      lifecycle: 'repeat_buyer',
      members: ['b1', 'b2', 'xoff'],
    })
    expect(view.json.profiles).toBeUndefined()
    // The timeline of the browser the profile is not stored under shows that same profile.
    const timeline = await callApi(`/sites/${SITE}/visitors/b2`, { key })
    expect(timeline.status).toBe(200)
    expect(timeline.json.profile).toMatchObject({ vid: 'b1', lifecycle: 'repeat_buyer' })
    const list = await callApi(`/sites/${SITE}/profiles`, { key })
    expect(list.json.data.map((p: { vid: string }) => p.vid)).toEqual(['b1', 'solo'])

    // Nothing new: no candidates.
    expect(await run(now + 120_000)).toMatchObject({ candidates: 0 })
  })

  it('drops the person profile when any id it was built from withdraws or is erased', async () => {
    // b2 withdraws marketing: consent erases its marketing rows, and with its member row the
    // person's whole profile goes (it holds b2's data); solo keeps its own.
    await logConsent('b2', false)
    const erased = await eraseVisitor(env.DB, SITE, 'b2', 'marketing-withdrawn', { scope: 'marketing', now })
    // What was stored about b2 itself: its one member row (the pooled profile is b1's, gone by trigger).
    expect(erased.counts).toEqual({ profiles: 0, profile_members: 1, survey_responses: 0, survey_turns: 0 })
    expect((await profiles()).map((p) => p.vid)).toEqual(['solo'])
    expect(await members('b1')).toEqual([])

    // The next run pools what is still allowed: b1 and the offline id.
    await run(now + 180_000)
    const [person] = await profiles()
    expect(person!.vid).toBe('b1')
    expect(await members('b1')).toEqual(['b1', 'xoff'])
    expect(person!.features).toMatchObject({ sessions: 1, pageviews: 2, orders: 1, revenue: 40 })

    // Erasing the anchor takes the profile and every member row naming it.
    await eraseVisitor(env.DB, SITE, 'b1', 'withdraw', { now })
    expect((await profiles()).map((p) => p.vid)).toEqual(['solo'])
    const left = await env.DB.prepare(
      "SELECT count(*) AS n FROM profile_members WHERE site_id = ? AND (vid = 'b1' OR profile_vid = 'b1' OR vid = 'xoff')",
    )
      .bind(SITE)
      .first<{ n: number }>()
    expect(left!.n).toBe(0)

    // A person with no consented browser left (b2 withdrew, b3 denied, b1 erased) has no profile,
    // however much offline data it has.
    await run(now + 240_000)
    expect((await profiles()).map((p) => p.vid)).toEqual(['solo'])
  })

  it('sends a model one record per person, without the browser that declined, and re-checks every browser first', async () => {
    const site = 'prof-person-model'
    await createSite({ id: site })
    const search = (vid: string, query: string) => ({
      site_id: site,
      vid,
      sid: `${vid}-s`,
      ts: now - DAY,
      type: 'search',
      query,
      marketing: 1,
    })
    await insertEvents(env.DB, [
      search('m1', 'walking boots'),
      search('m2', 'rain jacket'),
      search('m3', 'secret-term'),
    ])
    await logConsent('m1', true, site)
    await logConsent('m2', true, site)
    await logConsent('m3', false, site)
    await stitch(env.DB, site, [{ links: [link('m1'), link('m2'), link('m3'), USER] }], 'web', now)

    const model = echoModel()
    const provider: ProfilingProvider = { kind: 'openai-compatible', model, modelId: 'mock', batchSize: 5 }
    const summary = await run(now, { siteId: site, provider })
    expect(summary).toMatchObject({ candidates: 1, profiled: 1, fallbacks: 0 })
    const [records, ...otherCalls] = promptedVisitors(model)
    expect(otherCalls).toEqual([])
    expect(records).toHaveLength(1)
    const sent = JSON.stringify(records)
    expect(sent).toContain('walking boots')
    expect(sent).toContain('rain jacket')
    expect(sent).toContain('"sessions":2')
    expect(JSON.stringify(model.doGenerateCalls.map((c) => c.prompt))).not.toContain('secret-term')
    const stored = await env.DB.prepare('SELECT vid, provider FROM profiles WHERE site_id = ?')
      .bind(site)
      .all()
    expect(stored.results).toEqual([{ vid: 'm1', provider: 'openai-compatible' }])

    // m2 withdraws after the run picked its candidates but before the prompt: the re-check of every
    // browser of the person stops the call, and nothing is stored for them.
    await insertEvents(env.DB, [{ ...search('m1', 'trail socks'), ts: now }])
    const calls = model.doGenerateCalls.length
    const again = await run(now + 60_000, {
      siteId: site,
      provider,
      loadOffline: async () => {
        await logConsent('m2', false, site)
        return new Map()
      },
    })
    expect(again).toMatchObject({ candidates: 1, profiled: 0 })
    expect(promptedVisitors(model).length).toBe(1)
    expect(model.doGenerateCalls.length - calls).toBeLessThanOrEqual(1) // at most the persona call
  })
})
