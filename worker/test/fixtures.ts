import { env } from 'cloudflare:workers'
import { generateApiKey } from '../src/auth/api-key'
import type { Scope } from '../src/auth/scopes'

export interface SiteFixture {
  id: string
  origins?: string[]
  currency?: string
  timezone?: string
  consentMode?: 'opt-in' | 'cookieless' | 'opt-out'
  settings?: Record<string, unknown>
  retentionDays?: number
}

/** Inserts a site straight into D1 (tests of other areas should not depend on the admin API). */
export async function createSite(site: SiteFixture) {
  const now = Date.now()
  await env.DB.prepare(
    `INSERT INTO sites (id, name, domains, allowed_origins, currency, timezone, retention_days, consent_mode, settings, created_at, updated_at)
     VALUES (?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      site.id,
      `Site ${site.id}`,
      JSON.stringify(site.origins ?? ['https://shop.example']),
      site.currency ?? 'EUR',
      site.timezone ?? 'UTC',
      site.retentionDays ?? 395,
      site.consentMode ?? 'opt-in',
      JSON.stringify(site.settings ?? {}),
      now,
      now,
    )
    .run()
  return site.id
}

/** Creates an API key for a site and returns the plaintext key. */
export async function createKey(siteId: string, scopes: Scope[], opts: { revoked?: boolean } = {}) {
  const { key, prefix, hash } = await generateApiKey()
  await env.DB.prepare(
    'INSERT INTO api_keys (id, site_id, name, prefix, hash, scopes, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
    .bind(
      crypto.randomUUID(),
      siteId,
      'test',
      prefix,
      hash,
      JSON.stringify(scopes),
      Date.now(),
      opts.revoked ? Date.now() : null,
    )
    .run()
  return key
}
