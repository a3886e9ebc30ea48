import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { createSite } from '../../test/fixtures'
import { collectRequest, envelope, pageview, VID } from '../ingest/test-envelopes'

const post = (req: Request) => SELF.fetch(req)

async function eventsOf(site: string) {
  const { results } = await env.DB.prepare('SELECT * FROM events WHERE site_id = ? ORDER BY ts')
    .bind(site)
    .all()
  return results
}

describe('POST /collect', () => {
  it('accepts a batch, queues it and the consumer stores every event once', async () => {
    const site = await createSite({ id: 'collect-happy' })
    const a = pageview({ url: 'https://shop.example/shoes?utm_source=news&gclid=abc', title: 'Shoes' })
    const b = pageview({ url: 'https://shop.example/cart' })
    const res = await post(collectRequest(envelope(site, [a, b])))
    expect(res.status).toBe(202)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    await vi.waitFor(async () => expect(await eventsOf(site)).toHaveLength(2), {
      timeout: 8000,
      interval: 100,
    })
    const rows = await eventsOf(site)
    const shoes = rows.find((r) => r.id === a.id)
    expect(shoes).toMatchObject({
      url: 'https://shop.example/shoes?utm_source=news',
      path: '/shoes',
      title: 'Shoes',
      vid: VID,
      utm_source: 'news',
      medium: 'paid',
      browser: 'Firefox',
      os: 'Windows',
      device: 'desktop',
      marketing: 0,
    })
  })
})
