import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

describe('GET /healthz', () => {
  it('answers with the version and a live D1', async () => {
    const res = await SELF.fetch('https://heed.test/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, version: '0.1.0', d1: true })
  })

  it('answers unknown routes with the JSON error envelope', async () => {
    const res = await SELF.fetch('https://heed.test/api/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such route' } })
  })
})
