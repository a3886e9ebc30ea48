import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { countingDb } from '../../test/counting-db'
import { createSite } from '../../test/fixtures'
import { insertProfile } from '../../test/visitor-rows'
import { insertEvents } from '../../test/raw-rows'
import { visitorView } from './visitor'

const SITE = 'visitor-view'
const T = Date.parse('2026-05-10T12:00:00Z')

describe('visitorView', () => {
  it('reads events, orders, consent and the pooled profile in one round trip', async () => {
    await createSite({ id: SITE })
    await insertEvents(env.DB, [
      { site_id: SITE, vid: 'vv-a', ts: T, path: '/one', props: { plan: 'pro' } },
      { site_id: SITE, vid: 'vv-a', ts: T + 1, path: '/two' },
      { site_id: SITE, vid: 'vv-a', ts: T + 2, path: '/three' },
      { site_id: SITE, vid: 'vv-other', ts: T + 3, path: '/not-theirs' },
    ])
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at)
         VALUES (?1, 'vv-a', 'vv-c', 1, 0, 'banner', ?2)`,
      ).bind(SITE, T),
      env.DB.prepare(
        `INSERT INTO consent_log (id, site_id, consent_id, ts, action, analytics, marketing, source, gpc) VALUES
           ('vv-l1', ?1, 'vv-c', ?2, 'grant', 1, 1, 'banner', 0),
           ('vv-l2', ?1, 'vv-c', ?2 + 10, 'change', 1, 0, 'banner', 0),
           ('vv-l3', ?1, 'vv-other-c', ?2 + 20, 'deny', 0, 0, 'banner', 0)`,
      ).bind(SITE, T),
      // vv-a's profile is pooled into the one stored under vv-b (another browser of the same person).
      env.DB.prepare(
        `INSERT INTO profile_members (site_id, vid, profile_vid) VALUES (?1, 'vv-a', 'vv-b'), (?1, 'vv-b', 'vv-b')`,
      ).bind(SITE),
    ])
    await insertProfile(SITE, 'vv-b')

    const { d1, counter } = countingDb()
    const view = await visitorView(d1, SITE, 'vv-a', 2)
    expect(counter.trips).toBe(1)
    expect(view?.events.map((e) => e.path)).toEqual(['/three', '/two'])
    expect(view?.events_truncated).toBe(true)
    expect(view?.consent).toEqual({
      current: { analytics: true, marketing: false, source: 'banner', banner_version: null },
      history: [
        {
          ts: T + 10,
          action: 'change',
          analytics: true,
          marketing: false,
          source: 'banner',
          banner_version: null,
        },
        { ts: T, action: 'grant', analytics: true, marketing: true, source: 'banner', banner_version: null },
      ],
    })
    expect(view?.profile?.vid).toBe('vv-b')

    const all = await visitorView(env.DB, SITE, 'vv-a')
    expect(all?.events.map((e) => [e.path, e.props])).toEqual([
      ['/three', null],
      ['/two', null],
      ['/one', { plan: 'pro' }],
    ])
    expect(all?.events_truncated).toBe(false)
  })

  it('is null for an id nothing is stored about', async () => {
    expect(await visitorView(env.DB, SITE, 'vv-nobody')).toBeNull()
  })
})
