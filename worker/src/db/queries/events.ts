/**
 * D1 access for ingestion: the few reads /collect needs (salt, usage) and the consumer's writes.
 * Writes use `json_each(?)` over one JSON parameter, so a statement never nears D1's limit of 100
 * bound parameters however many rows it carries.
 */
import {
  type BotCount,
  EVENT_COLUMNS,
  type EventRow,
  QUARANTINE_COLUMNS,
  type QuarantineRow,
  rowKey,
} from '../rows'

/** Events accepted today for a site (the daily quota's counter). */
export async function usageToday(d1: D1Database, siteId: string, day: string) {
  const row = await d1
    .prepare('SELECT events FROM site_usage WHERE site_id = ? AND day = ?')
    .bind(siteId, day)
    .first<{ events: number }>()
  return row?.events ?? 0
}

/** Events one client address had accepted today on a site since the site came under quota pressure. */
export async function addressUsageToday(d1: D1Database, siteId: string, day: string, address: string) {
  const row = await d1
    .prepare('SELECT events FROM address_usage WHERE site_id = ? AND day = ? AND address = ?')
    .bind(siteId, day, address)
    .first<{ events: number }>()
  return row?.events ?? 0
}

/** Creates a day's salt unless it exists: a salt never changes once written. */
export function createSaltStatement(d1: D1Database, day: string, salt: string, now: number) {
  return d1
    .prepare('INSERT OR IGNORE INTO salts (day, salt, created_at) VALUES (?, ?, ?)')
    .bind(day, salt, now)
}

/** The salt of a UTC day, created on first use (INSERT OR IGNORE: concurrent isolates agree). */
export async function dailySalt(d1: D1Database, day: string, fresh: string, now: number) {
  const [, read] = await d1.batch<{ salt: string }>([
    createSaltStatement(d1, day, fresh, now),
    d1.prepare('SELECT salt FROM salts WHERE day = ?').bind(day),
  ])
  const salt = read?.results[0]?.salt
  if (!salt) throw new Error('salt missing after insert')
  return salt
}

// Qualified as j.value: orders has a column named value, which would shadow json_each's in a subquery.
const pick = (cols: readonly string[], alias = 'j') => cols.map((c) => `${alias}.value ->> '${c}'`).join(', ')

/** Row j is not a purchase whose order is already recorded (a reload of the thank-you page). */
const NOT_A_RECORDED_ORDER = `(j.value ->> 'type' <> 'purchase'
   OR NOT EXISTS (SELECT 1 FROM orders o WHERE o.site_id = j.value ->> 'site_id' AND o.order_id = j.value ->> 'order_id'))`

/**
 * Inserts events once: (site_id, id) is the primary key, and a purchase whose order is already
 * recorded is skipped, so client retries, queue redeliveries and thank-you page reloads are free.
 */
const INSERT_EVENTS_JSON = `INSERT OR IGNORE INTO events (${EVENT_COLUMNS.join(', ')})
SELECT ${pick(EVENT_COLUMNS, 'j')} FROM json_each(?1) AS j
WHERE ${NOT_A_RECORDED_ORDER}`

/**
 * Row j (with at least site_id, id, type and order_id) is one the events insert would store: not
 * stored yet (a primary-key lookup), and not a purchase whose order is. A statement using it runs
 * before the inserts in the same batch, so it sees exactly what they will write.
 */
const UNSTORED = `NOT EXISTS (SELECT 1 FROM events e WHERE e.site_id = j.value ->> 'site_id' AND e.id = j.value ->> 'id')
  AND ${NOT_A_RECORDED_ORDER}`

/** (site_id, ts) of the rows in ?1 (JSON rows with at least site_id, id, ts, type and order_id) the inserts would store. */
export const UNSTORED_ROWS_JSON = `SELECT j.value ->> 'site_id' AS site_id, j.value ->> 'ts' AS ts FROM json_each(?1) AS j
WHERE ${UNSTORED}`

const INSERT_ORDERS_JSON = `INSERT OR IGNORE INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source)
SELECT j.value ->> 'site_id', j.value ->> 'order_id', j.value ->> 'id', j.value ->> 'vid', j.value ->> 'ts', j.value ->> 'value',
       j.value ->> 'currency', coalesce(json_extract(j.value ->> 'props', '$.items'), '[]'), j.value ->> 'source'
FROM json_each(?1) AS j WHERE j.value ->> 'type' = 'purchase' AND j.value ->> 'order_id' IS NOT NULL`

const INSERT_QUARANTINE_JSON = `INSERT INTO quarantine (${QUARANTINE_COLUMNS.join(', ')})
SELECT ${pick(QUARANTINE_COLUMNS)} FROM json_each(?1) AS j`

/**
 * Adds the bot counts not added before: a count whose id is in bot_receipts came with a message
 * delivered earlier. A count without an id is added every time it arrives. The receipts statement
 * runs right after it in the same batch.
 */
const UPSERT_BOTS_JSON = `INSERT INTO bot_counts (site_id, day, reason, count)
SELECT j.value ->> 'site_id', j.value ->> 'day', j.value ->> 'reason', sum(j.value ->> 'count') FROM json_each(?1) AS j
WHERE NOT EXISTS (SELECT 1 FROM bot_receipts r WHERE r.id = j.value ->> 'id')
GROUP BY 1, 2, 3
ON CONFLICT (site_id, day, reason) DO UPDATE SET count = count + excluded.count`

const INSERT_BOT_RECEIPTS_JSON = `INSERT OR IGNORE INTO bot_receipts (id, created_at)
SELECT j.value ->> 'id', ?2 FROM json_each(?1) AS j WHERE j.value ->> 'id' IS NOT NULL`

/**
 * Adds the events the inserts will store to the per-site daily usage that /collect checks against
 * the quota. It runs before them and counts only rows not stored yet: a redelivered message, or a
 * client's retry, counts nothing twice. Rows repeated within the batch must be removed before.
 */
const UPSERT_USAGE_JSON = `INSERT INTO site_usage (site_id, day, events)
SELECT j.value ->> 'site_id', strftime('%Y-%m-%d', j.value ->> 'received_at' / 1000, 'unixepoch'), count(*) FROM json_each(?1) AS j
WHERE ${UNSTORED}
GROUP BY 1, 2
ON CONFLICT (site_id, day) DO UPDATE SET events = events + excluded.events`

/**
 * The same for the client addresses of rows sent while their site was under quota pressure (the
 * rows that carry `address`): what /collect holds each address's share against. Same rows, same
 * condition, so it counts exactly what the site's usage counts.
 */
const UPSERT_ADDRESS_USAGE_JSON = `INSERT INTO address_usage (site_id, day, address, events)
SELECT j.value ->> 'site_id', strftime('%Y-%m-%d', j.value ->> 'received_at' / 1000, 'unixepoch'), j.value ->> 'address', count(*)
FROM json_each(?1) AS j
WHERE j.value ->> 'address' IS NOT NULL AND ${UNSTORED}
GROUP BY 1, 2, 3
ON CONFLICT (site_id, day, address) DO UPDATE SET events = events + excluded.events`

/** D1 caps a string parameter at 2 MB; chunks stay well below. */
const MAX_JSON_CHUNK_CHARS = 900_000

/** Rows as JSON array strings, each below D1's 2 MB parameter limit. */
export function jsonChunks(rows: readonly unknown[]): string[] {
  const chunks: string[] = []
  let parts: string[] = []
  let size = 2
  for (const row of rows) {
    const json = JSON.stringify(row)
    if (parts.length > 0 && size + json.length + 1 > MAX_JSON_CHUNK_CHARS) {
      chunks.push(`[${parts.join(',')}]`)
      parts = []
      size = 2
    }
    parts.push(json)
    size += json.length + 1
  }
  if (parts.length > 0) chunks.push(`[${parts.join(',')}]`)
  return chunks
}

export interface IngestWrite {
  /** Unique per (site_id, id): the usage count assumes no row is repeated. */
  events: EventRow[]
  quarantine: QuarantineRow[]
  bots: BotCount[]
  /**
   * The client address (its salted hash) of each row sent while its site was under quota
   * pressure, by `rowKey`; other rows have none.
   */
  addresses?: ReadonlyMap<string, string>
}

/**
 * Every statement for one consumer batch, to run in one `db.batch()` (one transaction). Statements
 * `inserts[0]` to `inserts[1]` (exclusive) insert events: their `changes` count stored events.
 */
export function ingestStatements(d1: D1Database, write: IngestWrite, now: number) {
  const statements: D1PreparedStatement[] = []
  const eventChunks = jsonChunks(write.events)
  if (write.events.length > 0) {
    // Only the columns the usage count needs: a smaller parameter than the whole batch again.
    const usage = write.events.map((e) => ({
      site_id: e.site_id,
      id: e.id,
      type: e.type,
      order_id: e.order_id,
      received_at: e.received_at,
      address: write.addresses?.get(rowKey(e)),
    }))
    const byAddress = usage.some((u) => u.address !== undefined)
    for (const chunk of jsonChunks(usage)) {
      statements.push(d1.prepare(UPSERT_USAGE_JSON).bind(chunk))
      if (byAddress) statements.push(d1.prepare(UPSERT_ADDRESS_USAGE_JSON).bind(chunk))
    }
  }
  const inserts: [number, number] = [statements.length, statements.length + eventChunks.length]
  for (const chunk of eventChunks) statements.push(d1.prepare(INSERT_EVENTS_JSON).bind(chunk))
  // Orders after events: the events insert checks orders, so a purchase and its order land together.
  if (write.events.some((e) => e.type === 'purchase'))
    for (const chunk of eventChunks) statements.push(d1.prepare(INSERT_ORDERS_JSON).bind(chunk))
  for (const chunk of jsonChunks(write.quarantine))
    statements.push(d1.prepare(INSERT_QUARANTINE_JSON).bind(chunk))
  for (const chunk of jsonChunks(write.bots)) {
    statements.push(d1.prepare(UPSERT_BOTS_JSON).bind(chunk))
    statements.push(d1.prepare(INSERT_BOT_RECEIPTS_JSON).bind(chunk, now))
  }
  return { statements, inserts }
}
