import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'
import { insertEvents } from '../../test/raw-rows'

const SITE = 'live-shop'
const MIN = 60_000
let key: string

beforeAll(async () => {
  await createSite({ id: SITE })
  await createSite({ id: 'live-other' })
  key = await createKey(SITE, ['read'])
  const now = Date.now()
  await insertEvents(env.DB, [
    // A: two pageviews and a click in the window.
    { site_id: SITE, vid: 'A', sid: 'a1', ts: now - 1 * MIN },
    { site_id: SITE, vid: 'A', sid: 'a1', ts: now - 2 * MIN, path: '/cart' },
    { site_id: SITE, vid: 'A', sid: 'a1', ts: now - 2 * MIN, type: 'click' },
    // B: cookieless, known by its session only; its clock runs a minute ahead.
    { site_id: SITE, vid: null, sid: 'b1', ts: now + 1 * MIN },
    // C: last seen six minutes ago, outside the window.
    { site_id: SITE, vid: 'C', sid: 'c1', ts: now - 6 * MIN },
    // Another site's visitor.
    { site_id: 'live-other', vid: 'D', sid: 'd1', ts: now - 1 * MIN },
  ])
})

describe('GET /sites/{site}/stats/live', () => {
  it('counts distinct visitors and pageviews of the last five minutes, uncached', async () => {
    const before = Date.now()
    const res = await call(`/sites/${SITE}/stats/live`, { key })
    expect(res.status).toBe(200)
    const { since, ...rest } = res.json
    expect(rest).toEqual({ site: SITE, window_minutes: 5, visitors: 2, pageviews: 3 })
    expect(since).toBeGreaterThanOrEqual(before - 5 * MIN)
    expect(since).toBeLessThanOrEqual(Date.now() - 5 * MIN)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers zero for a site nobody is on, and 404 for an unknown site', async () => {
    const other = await createSite({ id: 'live-empty' })
    const res = await call(`/sites/${other}/stats/live`, { key: await createKey(other, ['read']) })
    expect([res.json.visitors, res.json.pageviews]).toEqual([0, 0])
    expect((await call('/sites/live-missing/stats/live', { key: ADMIN })).status).toBe(404)
  })
})
