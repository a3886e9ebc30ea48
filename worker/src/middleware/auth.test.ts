import { env } from 'cloudflare:workers'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../test/fixtures'
import { type AuthEnv, requireAuth } from './auth'

// A tiny app over the real middleware and the real D1 key table.
const app = new Hono<AuthEnv>()
  .get('/sites/:site/read', requireAuth('read'), (c) => c.json(c.get('caller')))
  .post('/sites/:site/admin', requireAuth('admin'), (c) => c.json({ ok: true }))
const call = (path: string, key?: string, method = 'GET') =>
  app.request(path, { method, headers: key ? { authorization: `Bearer ${key}` } : {} }, env)

describe('requireAuth', () => {
  it('enforces keys, scopes, revocation and site isolation', async () => {
    await createSite({ id: 'auth-a' })
    await createSite({ id: 'auth-b' })
    const readA = await createKey('auth-a', ['read'])
    const adminA = await createKey('auth-a', ['admin'])
    const revokedA = await createKey('auth-a', ['read'], { revoked: true })

    expect((await call('/sites/auth-a/read')).status).toBe(401)
    expect((await call('/sites/auth-a/read', 'heed_wrongwro_00000000000000000000000000000000')).status).toBe(
      401,
    )
    expect((await call('/sites/auth-a/read', revokedA)).status).toBe(401)
    expect((await call('/sites/auth-a/read', readA)).status).toBe(200)
    expect((await call('/sites/auth-b/read', readA)).status).toBe(403)
    expect((await call('/sites/auth-a/admin', readA, 'POST')).status).toBe(403)
    expect((await call('/sites/auth-a/admin', adminA, 'POST')).status).toBe(200)
    // admin implies read
    expect((await call('/sites/auth-a/read', adminA)).status).toBe(200)
    // the bootstrap token acts on any site
    expect((await call('/sites/auth-b/admin', 'test-admin-token', 'POST')).status).toBe(200)
  })

  it('records when a key was last used', async () => {
    await createSite({ id: 'auth-c' })
    const key = await createKey('auth-c', ['read'])
    await call('/sites/auth-c/read', key)
    const row = await env.DB.prepare("SELECT last_used_at FROM api_keys WHERE site_id = 'auth-c'").first<{
      last_used_at: number | null
    }>()
    expect(row?.last_used_at).toBeGreaterThan(Date.now() - 60_000)
  })
})
