/// <reference types="vite/client" />
import { env } from 'cloudflare:workers'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import example from '../../../.dev.vars.example?raw'
import { ADMIN } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'
import { type AuthEnv, requireAuth, timingSafeEqualStrings } from './auth'

// A tiny app over the real middleware and the real D1 key table.
const app = new Hono<AuthEnv>()
  .get('/sites/:site/read', requireAuth('read'), (c) => c.json(c.get('caller')))
  .post('/sites/:site/admin', requireAuth('admin'), (c) => c.json({ ok: true }))
const call = (path: string, key?: string, method = 'GET', bindings: Cloudflare.Env = env) =>
  app.request(path, { method, headers: key ? { authorization: `Bearer ${key}` } : {} }, bindings)

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
    expect((await call('/sites/auth-b/admin', ADMIN, 'POST')).status).toBe(200)
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

describe('a weak ADMIN_TOKEN', () => {
  /** The value a developer who copies .dev.vars.example without editing it deploys with. */
  const exampleToken = example.match(/^ADMIN_TOKEN=(.*)$/m)?.[1] ?? ''

  it('closes the admin routes with 503 admin_token_weak; read and write routes keep working', async () => {
    await createSite({ id: 'auth-weak' })
    const read = await createKey('auth-weak', ['read'])
    const admin = await createKey('auth-weak', ['admin'])
    expect(exampleToken).toBe('change-me')
    for (const weak of [exampleToken, 'x'.repeat(31)]) {
      const bindings = { ...env, ADMIN_TOKEN: weak }
      // Whoever calls, the admin API stays closed until the token is replaced.
      for (const key of [weak, admin, undefined]) {
        const res = await call('/sites/auth-weak/admin', key, 'POST', bindings)
        expect(res.status).toBe(503)
        expect(await res.json()).toEqual({
          error: {
            code: 'admin_token_weak',
            message: `ADMIN_TOKEN has ${weak.length} characters; the admin API needs at least 32 (e.g. openssl rand -hex 24)`,
          },
        })
      }
      expect((await call('/sites/auth-weak/read', read, 'GET', bindings)).status).toBe(200)
      // The weak token opens nothing, not even a read.
      expect((await call('/sites/auth-weak/read', weak, 'GET', bindings)).status).toBe(401)
    }
    const strong = 'y'.repeat(32)
    expect(
      (await call('/sites/auth-weak/admin', strong, 'POST', { ...env, ADMIN_TOKEN: strong })).status,
    ).toBe(200)
  })
})

describe('timingSafeEqualStrings', () => {
  it('is true only for equal strings, whatever their lengths (the digests are always 32 bytes)', async () => {
    const token = 'a-long-admin-token-of-forty-characters!!'
    expect(await timingSafeEqualStrings(token, token)).toBe(true)
    expect(await timingSafeEqualStrings(token, `${token.slice(0, -1)}?`)).toBe(false)
    expect(await timingSafeEqualStrings(token, token.slice(0, 10))).toBe(false)
    expect(await timingSafeEqualStrings('', token)).toBe(false)
    expect(await timingSafeEqualStrings('', '')).toBe(true)
    expect(await timingSafeEqualStrings('é', 'e\u0301')).toBe(false)
  })
})
