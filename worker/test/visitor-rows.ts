// Test-only helpers: rows about visitors, written straight to D1 so consent tests do not depend
// on the ingestion pipeline.
import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

export async function insertEvent(siteId: string, vid: string | null, id: string, path = '/') {
  await env.DB.prepare(
    `INSERT INTO events (site_id, id, type, ts, received_at, vid, url, path) VALUES (?, ?, 'pageview', 1, 1, ?, ?, ?)`,
  )
    .bind(siteId, id, vid, `https://shop.example${path}`, path)
    .run()
}

export async function insertOrder(siteId: string, vid: string | null, orderId: string, value: number) {
  await env.DB.prepare(
    `INSERT INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items) VALUES (?, ?, ?, ?, 1, ?, 'EUR', '[]')`,
  )
    .bind(siteId, orderId, crypto.randomUUID(), vid, value)
    .run()
}

/** A minimal AI profile row (what profiling writes for a visitor with marketing consent). */
export async function insertProfile(siteId: string, vid: string) {
  await env.DB.prepare(
    `INSERT INTO profiles (site_id, vid, segment, lifecycle, interests, purchase_intent, price_sensitivity,
       preferred_channel, summary, next_best_action, features, feature_hash, last_event_ts, provider, model,
       prompt_version, updated_at)
     VALUES (?, ?, 'browsers', 'new', '[]', 0.5, 'medium', 'email', 'test', 'none', '{}', 'h', 1, 'rules', 'rules', '1', 1)`,
  )
    .bind(siteId, vid)
    .run()
}

/** Every user table of the database with the rows whose text columns contain `needle` anywhere. */
export async function rowsMentioning(needle: string): Promise<Record<string, number>> {
  const tables = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'`,
  ).all<{ name: string }>()
  const found: Record<string, number> = {}
  for (const { name } of tables.results) {
    const cols = await env.DB.prepare(`SELECT name FROM pragma_table_info(?)`)
      .bind(name)
      .all<{ name: string }>()
    const where = cols.results.map((c) => `CAST("${c.name}" AS TEXT) LIKE ?1`).join(' OR ')
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`)
      .bind(`%${needle}%`)
      .first<{ n: number }>()
    if (row && row.n > 0) found[name] = row.n
  }
  return found
}

const secrets = new Map<string, string>()

/**
 * The secret a test visitor's browser keeps beside its id (as the snippet makes it: two UUIDv4s),
 * one per visitor id for the whole test file, so a visitor presents the same one every time.
 */
export function secretOf(vid: string): string {
  const known = secrets.get(vid)
  if (known) return known
  const secret = `${crypto.randomUUID()}${crypto.randomUUID()}`
  secrets.set(vid, secret)
  return secret
}

/** A POST /consent body; one naming a visitor carries that visitor's secret unless `secret` is given. */
export function consentBody(overrides: Record<string, unknown> = {}) {
  const body = {
    site: 'shop',
    consent_id: crypto.randomUUID(),
    action: 'grant',
    analytics: true,
    marketing: true,
    source: 'banner',
    banner_version: '1',
    ...overrides,
  }
  const vid = overrides.vid
  return typeof vid === 'string' && !('secret' in overrides) ? { ...body, secret: secretOf(vid) } : body
}

export function postConsent(body: unknown, headers: Record<string, string> = {}) {
  return SELF.fetch('https://heed.test/consent', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: 'https://shop.example', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}
