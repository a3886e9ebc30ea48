import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { ADMIN, call } from '../../../test/api'

/**
 * The auth matrix on every route of the generated OpenAPI document, so a route added later is
 * covered without editing this test: no key, a wrong key, a revoked key and another site's key
 * are refused; a read key is refused on admin routes; a write key is refused on reads and admin
 * routes; an ingest key (a Segment write key) is refused everywhere; the site's own key gets
 * through auth (a read key on reads, a write key on writes, an admin key on admin routes).
 */
const SITE = 'matrix-a'
const keys: Record<string, string> = {}

beforeAll(async () => {
  await createSite({ id: SITE })
  await createSite({ id: 'matrix-b' })
  keys.read = await createKey(SITE, ['read'])
  keys.write = await createKey(SITE, ['write'])
  keys.ingest = await createKey(SITE, ['ingest'])
  keys.admin = await createKey(SITE, ['admin'])
  keys.revoked = await createKey(SITE, ['admin'], { revoked: true })
  keys.otherAdmin = await createKey('matrix-b', ['admin'])
})

interface Op {
  method: string
  path: string
  admin: boolean
  /** Routes whose summary says "(admin token only)": no site key, whatever its scopes. */
  tokenOnly: boolean
}

async function operations(): Promise<Op[]> {
  const doc = (await call('/openapi.json')).json as {
    paths: Record<string, Record<string, { security?: { bearer?: string[] }[]; summary?: string }>>
  }
  const ops: Op[] = []
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods))
      if (op.security?.length)
        ops.push({
          method: method.toUpperCase(),
          path: path.replaceAll('{site}', SITE).replaceAll(/\{[a-z_]+\}/g, 'x'),
          admin: path.startsWith('/admin') || op.security.some((s) => s.bearer?.includes('admin')),
          tokenOnly: op.summary?.includes('(admin token only)') ?? false,
        })
  return ops
}

describe('auth matrix on every route', () => {
  it('refuses missing, wrong, revoked and foreign keys, and keys whose scope does not fit', async () => {
    const ops = await operations()
    expect(ops.length).toBeGreaterThanOrEqual(20)
    const body = (m: string) => (m === 'POST' || m === 'PATCH' ? {} : undefined)
    for (const op of ops) {
      const as = (key?: string) => call(op.path, { key, method: op.method, body: body(op.method) })
      const label = `${op.method} ${op.path}`
      const none = await as()
      expect([label, none.status, none.json?.error?.code]).toEqual([label, 401, 'unauthorized'])
      expect([label, (await as('heed_AAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status]).toEqual([
        label,
        401,
      ])
      expect([label, (await as(keys.revoked)).status]).toEqual([label, 401])
      if (op.path.includes(SITE)) expect([label, (await as(keys.otherAdmin)).status]).toEqual([label, 403])
      const read = await as(keys.read)
      if (op.admin) expect([label, read.status]).toEqual([label, 403])
      else expect([label, read.status]).not.toContain(401)
      // write does not imply read: a key that writes (an import job) cannot read what it wrote.
      const write = await as(keys.write)
      if (op.admin || op.method === 'GET') expect([label, write.status]).toEqual([label, 403])
      else expect([label, [401, 403].includes(write.status)]).toEqual([label, false])
      // An ingest key only sends events on /v1; no route of this API takes it.
      expect([label, (await as(keys.ingest)).status]).toEqual([label, 403])
      // Reads need a read key, writes (POST imports) a write key, admin routes an admin key.
      const own = await as(op.admin ? keys.admin : op.method === 'GET' ? keys.read : keys.write)
      // A token-only route may check its body before the caller (POST /admin/sites answers 400 here).
      if (op.tokenOnly) expect([label, own.status >= 400]).toEqual([label, true])
      else expect([label, [401, 403].includes(own.status)]).toEqual([label, false])
    }
  }, 120_000)

  it('lets the admin token act on every site', async () => {
    expect((await call(`/admin/sites/${SITE}/keys`, { key: ADMIN })).status).toBe(200)
    expect((await call('/sites/matrix-b/stats/aggregate?period=today', { key: ADMIN })).status).toBe(200)
  })

  it('answers CORS only for configured origins', async () => {
    await env.DB.prepare(`UPDATE sites SET settings = '{"apiOrigins":["https://dash.example"]}' WHERE id = ?`)
      .bind(SITE)
      .run()
    const preflight = (origin: string, site = SITE) =>
      call(`/sites/${site}/stats/aggregate`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      })
    const ok = await preflight('https://dash.example')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://dash.example')
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull()
    // The origin is configured for matrix-a only.
    expect(
      (await preflight('https://dash.example', 'matrix-b')).headers.get('access-control-allow-origin'),
    ).toBeNull()
    const get = await call(`/sites/${SITE}/stats/aggregate?period=today`, {
      key: keys.read,
      headers: { origin: 'https://dash.example' },
    })
    expect(get.headers.get('access-control-allow-origin')).toBe('https://dash.example')
    expect(get.headers.get('access-control-expose-headers')).toContain('ETag')
  })

  it('rate limits per key (API_LIMITER: 300 a minute) with 429 and Retry-After', async () => {
    const key = await createKey(SITE, ['read'])
    let limited: Awaited<ReturnType<typeof call>> | null = null
    // The local limiter counts in fixed 60 s windows: 700 calls put > 300 in one window even
    // when a window boundary falls inside the loop.
    for (let i = 0; i < 700 && !limited; i++) {
      const res = await call(`/sites/${SITE}/profiles?limit=1`, { key })
      if (res.status === 429) limited = res
    }
    expect(limited?.json).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } })
    expect(limited?.headers.get('retry-after')).toBe('60')
    // Another key is unaffected.
    expect((await call(`/sites/${SITE}/profiles?limit=1`, { key: keys.read })).status).toBe(200)
  }, 180_000)
})
