import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../../test/api'
import { createKey, createSite } from '../../../test/fixtures'

const checkout = {
  name: 'Checkout',
  steps: ['event==add_to_cart', 'event==begin_checkout', 'event==purchase'],
  window: 'session',
}

beforeAll(async () => {
  await createSite({
    id: 'sites-a',
    timezone: 'America/New_York',
    currency: 'USD',
    settings: {
      funnels: [
        checkout,
        // Written straight into settings, past the admin API's checks: left out, not an error.
        { name: 'Broken', steps: ['colour==red', 'event==purchase'] },
        { name: 'Blog', steps: ['page~=/blog', 'page==/signup'] },
      ],
    },
  })
  await createSite({ id: 'sites-b' })
})

describe('GET /sites', () => {
  it('answers a read key with its own site only: name, currency, timezone and valid saved funnels', async () => {
    const key = await createKey('sites-a', ['read'])
    const res = await call('/sites', { key })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      data: [
        {
          id: 'sites-a',
          name: 'Site sites-a',
          domains: [],
          currency: 'USD',
          timezone: 'America/New_York',
          consent_mode: 'opt-in',
          funnels: [checkout, { name: 'Blog', steps: ['page~=/blog', 'page==/signup'], window: 'session' }],
        },
      ],
      next_cursor: null,
    })
  })

  it('pages every site for the admin token', async () => {
    const first = await call('/sites?limit=1', { key: ADMIN })
    expect(first.json.data).toHaveLength(1)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { json: { data: { id: string }[]; next_cursor: string | null } } = await call(
        `/sites?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        { key: ADMIN },
      )
      seen.push(...res.json.data.map((s) => s.id))
      cursor = res.json.next_cursor
    } while (cursor)
    expect(seen).toContain('sites-a')
    expect(seen).toContain('sites-b')
    expect(seen).toEqual([...seen].sort())
  })

  it('refuses a request without a valid key', async () => {
    expect((await call('/sites')).status).toBe(401)
    expect((await call('/sites', { key: 'heed_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(401)
  })

  it('checks saved funnels when an admin sets them', async () => {
    const bad = await call('/admin/sites/sites-b', {
      key: ADMIN,
      method: 'PATCH',
      body: { settings: { funnels: [{ name: 'Exclude', steps: ['page!=/cart', 'event==purchase'] }] } },
    })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('invalid_request')
    const ok = await call('/admin/sites/sites-b', {
      key: ADMIN,
      method: 'PATCH',
      body: { settings: { funnels: [{ ...checkout, window: '7d' }] } },
    })
    expect(ok.status).toBe(200)
    const key = await createKey('sites-b', ['read'])
    expect((await call('/sites', { key })).json.data[0].funnels).toEqual([{ ...checkout, window: '7d' }])
  })
})
