/**
 * Test-only helpers: insert raw events and orders straight into D1 (one json_each statement
 * each), with defaults for the columns a test does not care about.
 */
export interface TestEvent {
  site_id: string
  type?: string
  ts: number | string
  vid?: string | null
  sid?: string | null
  path?: string
  id?: string
  [column: string]: unknown
}

export async function insertEvents(d1: D1Database, rows: TestEvent[]) {
  const full = rows.map((r) => {
    const ts = typeof r.ts === 'string' ? Date.parse(r.ts) : r.ts
    const path = r.path ?? '/'
    return {
      id: crypto.randomUUID(),
      type: 'pageview',
      received_at: ts,
      vid: null,
      sid: null,
      url: `https://shop.example${path}`,
      marketing: 0,
      ...r,
      ts,
      path,
    }
  })
  for (let i = 0; i < full.length; i += 500) {
    await d1
      .prepare(
        `INSERT INTO events (site_id, id, type, ts, received_at, vid, sid, url, path, title, referrer, source, medium,
           utm_source, utm_medium, utm_campaign, utm_term, utm_content, country, region, city, device, browser, os,
           name, query, results, order_id, value, currency, props, flags, marketing)
         SELECT j->>'site_id', j->>'id', j->>'type', j->>'ts', j->>'received_at', j->>'vid', j->>'sid', j->>'url', j->>'path',
           j->>'title', j->>'referrer', j->>'source', j->>'medium', j->>'utm_source', j->>'utm_medium', j->>'utm_campaign',
           j->>'utm_term', j->>'utm_content', j->>'country', j->>'region', j->>'city', j->>'device', j->>'browser', j->>'os',
           j->>'name', j->>'query', j->>'results', j->>'order_id', j->>'value', j->>'currency', j->>'props', j->>'flags',
           j->>'marketing'
         FROM (SELECT value AS j FROM json_each(?))`,
      )
      .bind(JSON.stringify(full.slice(i, i + 500)))
      .run()
  }
  return full
}

export interface TestOrder {
  site_id: string
  order_id: string
  ts: number | string
  value: number
  vid?: string | null
  event_id?: string
  source?: string | null
  currency?: string
  items?: { id: string; name?: string; category?: string; price?: number; quantity?: number }[]
}

export async function insertOrders(d1: D1Database, rows: TestOrder[]) {
  for (const r of rows) {
    await d1
      .prepare(
        'INSERT INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .bind(
        r.site_id,
        r.order_id,
        r.event_id ?? crypto.randomUUID(),
        r.vid ?? null,
        typeof r.ts === 'string' ? Date.parse(r.ts) : r.ts,
        r.value,
        r.currency ?? 'EUR',
        JSON.stringify(r.items ?? []),
        r.source ?? null,
      )
      .run()
  }
}

/**
 * One rolled-up row as the rollup tests read it: `columns` of rollup_daily for a site, day and dimension
 * value (the day's totals when `dim` and `value` are left out); null when the day was not rolled up.
 */
export const rollupRow = (
  d1: D1Database,
  site: string,
  day: string,
  columns: string,
  { dim = '', value = '' }: { dim?: string; value?: string } = {},
) =>
  d1
    .prepare(`SELECT ${columns} FROM rollup_daily WHERE site_id = ? AND dim = ? AND day = ? AND value = ?`)
    .bind(site, dim, day, value)
    .first<Record<string, number>>()

/** One column of one rolled-up row (see rollupRow); null when the day was not rolled up. */
export const rollupCell = async (
  d1: D1Database,
  site: string,
  day: string,
  column: string,
  where?: { dim?: string; value?: string },
) => (await rollupRow(d1, site, day, column, where))?.[column] ?? null

/** The last whole local day the cron has rolled up for a site. */
export const builtThrough = (d1: D1Database, site: string) =>
  d1
    .prepare('SELECT built_through FROM rollup_state WHERE site_id = ?')
    .bind(site)
    .first<{ built_through: string | null }>()
    .then((r) => r?.built_through ?? null)
