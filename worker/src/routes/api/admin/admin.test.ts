import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../../test/fixtures'
import { ADMIN, call } from '../../../../test/api'
import { api } from '..'

describe('admin: sites and keys', () => {
  it('creates a site from a domain, then a key that works once shown and stops when revoked', async () => {
    const created = await call('/admin/sites', {
      key: ADMIN,
      method: 'POST',
      body: {
        domains: ['shop.example.com'],
        currency: 'EUR',
        timezone: 'Europe/Berlin',
        settings: { segments: ['vip'] },
      },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({
      id: 'shop-example-com',
      name: 'shop.example.com',
      allowed_origins: ['https://shop.example.com'],
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      consent_mode: 'opt-in',
      retention_days: 395,
    })
    expect(created.json.settings.segments).toEqual(['vip'])
    const again = await call('/admin/sites', {
      key: ADMIN,
      method: 'POST',
      body: { domains: ['shop.example.com'] },
    })
    expect(again.status).toBe(409)

    const key = await call('/admin/sites/shop-example-com/keys', {
      key: ADMIN,
      method: 'POST',
      body: { name: 'dashboard', scopes: ['read'] },
    })
    expect(key.status).toBe(201)
    expect(key.json.key).toMatch(/^heed_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/)
    expect(key.json.key.startsWith(key.json.prefix)).toBe(true)
    const stored = await env.DB.prepare('SELECT hash FROM api_keys WHERE id = ?')
      .bind(key.json.id)
      .first<{ hash: string }>()
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored?.hash).not.toContain(key.json.key)

    const agg = () => call('/sites/shop-example-com/stats/aggregate?period=today', { key: key.json.key })
    expect((await agg()).status).toBe(200)
    const list = await call('/admin/sites/shop-example-com/keys', { key: ADMIN })
    expect(list.json.data).toHaveLength(1)
    expect(list.json.data[0]).not.toHaveProperty('key')
    expect(list.json.data[0].last_used_at).toBeGreaterThan(0)

    const renamed = await call(`/admin/sites/shop-example-com/keys/${key.json.id}`, {
      key: ADMIN,
      method: 'PATCH',
      body: { name: 'renamed', scopes: ['read', 'write'] },
    })
    expect(renamed.json).toMatchObject({ name: 'renamed', scopes: ['read', 'write'], revoked_at: null })
    const ingest = await call('/admin/sites/shop-example-com/keys', {
      key: ADMIN,
      method: 'POST',
      body: { name: 'segment', scopes: ['ingest'] },
    })
    expect([ingest.status, ingest.json.scopes]).toEqual([201, ['ingest']])
    const revoked = await call(`/admin/sites/shop-example-com/keys/${key.json.id}`, {
      key: ADMIN,
      method: 'DELETE',
    })
    expect(revoked.json.revoked_at).toBeGreaterThan(0)
    expect((await agg()).status).toBe(401)
  })

  it('updates a site, merging settings, and rejects bad input with the error envelope', async () => {
    await createSite({ id: 'adm-upd', settings: { segments: ['a'] } })
    const upd = await call('/admin/sites/adm-upd', {
      key: ADMIN,
      method: 'PATCH',
      body: { timezone: 'America/New_York', settings: { categoryPatterns: { '/c/:name': ':name' } } },
    })
    expect(upd.status).toBe(200)
    expect(upd.json.timezone).toBe('America/New_York')
    expect(upd.json.settings).toMatchObject({ segments: ['a'], categoryPatterns: { '/c/:name': ':name' } })
    for (const body of [
      { timezone: 'Mars/Olympus' },
      { currency: 'euro' },
      { retention_days: -1 },
      { domains: 'x' },
    ]) {
      const bad = await call('/admin/sites/adm-upd', { key: ADMIN, method: 'PATCH', body })
      expect(bad.status).toBe(400)
      expect(bad.json.error.code).toBe('invalid_request')
      expect(typeof bad.json.error.message).toBe('string')
    }
    const notJson = await call('/admin/sites/adm-upd', {
      key: ADMIN,
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
    })
    expect(notJson.status).toBe(400)
    expect((await call('/admin/sites/nope', { key: ADMIN })).status).toBe(404)
  })

  it('lets a site admin key manage its own site only, and never create sites', async () => {
    await createSite({ id: 'adm-own' })
    await createSite({ id: 'adm-other' })
    const admin = await createKey('adm-own', ['admin'])
    expect((await call('/admin/sites', { key: admin })).json.data.map((s: { id: string }) => s.id)).toEqual([
      'adm-own',
    ])
    expect((await call('/admin/sites/adm-own/keys', { key: admin })).status).toBe(200)
    expect((await call('/admin/sites/adm-other/keys', { key: admin })).status).toBe(403)
    expect(
      (await call('/admin/sites', { key: admin, method: 'POST', body: { domains: ['x.example'] } })).status,
    ).toBe(403)
  })

  it('with the example ADMIN_TOKEN the admin API answers 503 admin_token_weak; stats keep answering', async () => {
    await createSite({ id: 'adm-weak' })
    const read = await createKey('adm-weak', ['read'])
    const bindings = { ...env, ADMIN_TOKEN: 'change-me' }
    const request = (path: string, key: string, init: RequestInit = {}) =>
      api.request(path, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } }, bindings)
    const create = await request('/admin/sites', 'change-me', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domains: ['weak.example'] }),
    })
    expect(create.status).toBe(503)
    expect(await create.json()).toEqual({
      error: {
        code: 'admin_token_weak',
        message: 'ADMIN_TOKEN has 9 characters; the admin API needs at least 32 (e.g. openssl rand -hex 24)',
      },
    })
    expect((await request('/admin/sites/adm-weak/keys', 'change-me')).status).toBe(503)
    expect(await env.DB.prepare("SELECT id FROM sites WHERE id = 'weak-example'").first()).toBeNull()
    const stats = await request('/sites/adm-weak/stats/aggregate?period=today', read)
    expect(stats.status).toBe(200)
  })
})
