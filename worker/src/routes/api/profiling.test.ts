import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { insertEvents } from '../../../test/raw-rows'
import { ADMIN, call } from '../../../test/api'

describe('POST /api/v1/admin/sites/{site}/profiling/run', () => {
  it('profiles a site on demand for admins only, with clear errors', async () => {
    await createSite({ id: 'api-prof' })
    const now = Date.now()
    await insertEvents(env.DB, [
      { site_id: 'api-prof', vid: 'v1', sid: 's1', ts: now - 1000, marketing: 1 },
      { site_id: 'api-prof', vid: 'v2', sid: 's2', ts: now - 2000, marketing: 1 },
    ])
    for (const vid of ['v1', 'v2']) {
      await env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at) VALUES ('api-prof', ?, ?, 1, 1, 'banner', ?)`,
      )
        .bind(vid, crypto.randomUUID(), now)
        .run()
    }
    const path = '/admin/sites/api-prof/profiling/run'
    expect((await call(path, { method: 'POST' })).status).toBe(401)
    const read = await createKey('api-prof', ['read'])
    expect((await call(path, { method: 'POST', key: read })).json.error.code).toBe('forbidden')
    expect((await call('/admin/sites/nope/profiling/run', { method: 'POST', key: ADMIN })).status).toBe(404)
    const bad = await call(path, { method: 'POST', key: ADMIN, body: { max_visitors: -1 } })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('invalid_request')

    const one = await call(path, { method: 'POST', key: ADMIN, body: { max_visitors: 1 } })
    expect(one.status).toBe(200)
    expect(one.json).toMatchObject({
      site: 'api-prof',
      provider: 'rules',
      status: 'ok',
      candidates: 2,
      profiled: 1,
      deferred: 1,
    })
    const rest = await call(path, { method: 'POST', key: await createKey('api-prof', ['admin']) })
    expect(rest.json).toMatchObject({ profiled: 1, deferred: 0 })

    const runs = await call('/admin/sites/api-prof/profiling/runs', { key: ADMIN })
    expect(runs.json.data.map((r: { run_id: number }) => r.run_id)).toEqual([
      rest.json.run_id,
      one.json.run_id,
    ])
  })
})
