import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { insertEvents } from '../../../test/raw-rows'
import { ADMIN, call } from '../../../test/api'
import { releaseLease, takeLease } from '../../db/queries/leases'

/** A site's profiling run ids, newest first, as the API lists them. */
const runIds = async (site: string): Promise<number[]> =>
  (await call(`/admin/sites/${site}/profiling/runs`, { key: ADMIN })).json.data.map(
    (r: { run_id: number }) => r.run_id,
  )

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

    expect(await runIds('api-prof')).toEqual([rest.json.run_id, one.json.run_id])
  })
})

describe('the budget of an on-demand run', () => {
  it('may exceed PROFILE_MAX_VISITORS and PROFILE_MAX_TOKENS with the ADMIN_TOKEN only', async () => {
    await createSite({ id: 'api-prof-budget' })
    const path = '/admin/sites/api-prof-budget/profiling/run'
    const siteAdmin = await createKey('api-prof-budget', ['admin'])
    // The operator's limits in wrangler.toml: 200 visitors and 200,000 tokens a run.
    for (const body of [
      { max_tokens: 200_001 },
      { max_visitors: 201 },
      { max_visitors: 1, max_tokens: 10_000_000 },
    ]) {
      const asked = await call(path, { method: 'POST', key: siteAdmin, body })
      expect([asked.status, asked.json.error.code]).toEqual([403, 'forbidden'])
    }
    const within = await call(path, {
      method: 'POST',
      key: siteAdmin,
      body: { max_visitors: 200, max_tokens: 200_000 },
    })
    expect(within.status).toBe(200)
    const operator = await call(path, {
      method: 'POST',
      key: ADMIN,
      body: { max_visitors: 5_000, max_tokens: 10_000_000 },
    })
    expect(operator.status).toBe(200)
    // Refused runs spent nothing: only the two allowed runs are logged.
    expect(await runIds('api-prof-budget')).toEqual([operator.json.run_id, within.json.run_id])
  })
})

describe('an on-demand run while another run of the site is in progress', () => {
  it('answers 409 and runs nothing; once the lease is given back the run goes ahead', async () => {
    await createSite({ id: 'api-prof-lease' })
    const path = '/admin/sites/api-prof-lease/profiling/run'
    // Another run (the cron's, or an admin's) holds the site's lease.
    expect(await takeLease(env.DB, 'profiling:api-prof-lease', 'other-run', Date.now())).toBe(true)
    const busy = await call(path, { method: 'POST', key: ADMIN })
    expect([busy.status, busy.json.error.code]).toEqual([409, 'conflict'])
    expect(await runIds('api-prof-lease')).toEqual([])
    await releaseLease(env.DB, 'profiling:api-prof-lease', 'other-run')
    expect((await call(path, { method: 'POST', key: ADMIN })).status).toBe(200)
  })
})
