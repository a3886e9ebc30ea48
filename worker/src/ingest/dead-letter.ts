/**
 * Dead letters: queue messages that failed every retry (the queue moves them to heed-events-dlq).
 * Their consumer keeps each one whole in `dead_letters`, so that once the cause is fixed an
 * operator sends them back to the EVENTS queue through the admin API. Replaying is idempotent: the
 * store skips events and orders it already has and counts usage and bots only for what is new
 * (ingest/store.ts), so a dead letter replayed twice, or one whose write had in fact committed,
 * stores nothing twice.
 */
import { jsonChunks } from '../db/queries/events'
import { sha256Hex } from '../lib/hash'
import { DAY_MS } from '../lib/time'
import { QUARANTINE_DAYS } from './quarantine'
import { type IngestMessage, isIngestMessage } from './row'

/**
 * Dead letters are kept as long as quarantined input; bot receipts (which make a replayed bot count
 * add nothing) one day longer, so no dead letter outlives the receipts of what it carries.
 */
export const DEAD_LETTER_DAYS = QUARANTINE_DAYS
const RECEIPT_DAYS = DEAD_LETTER_DAYS + 1

export interface DeadLetterPart {
  siteId: string | null
  vid: string | null
  body: unknown
  events: number
}

/**
 * A failed message as rows to keep: one per visitor with that visitor's events (so erasure and
 * export find them, db/visitor-data.ts), and one without a visitor for its quarantined input and
 * bot counts. A body that is not an ingest message is kept as it came, in one row.
 */
export function deadLetterParts(body: unknown): DeadLetterPart[] {
  if (!isIngestMessage(body)) {
    const site = (body as { site_id?: unknown } | null)?.site_id
    return [{ siteId: typeof site === 'string' ? site : null, vid: null, body, events: 0 }]
  }
  const empty: IngestMessage = { ...body, events: [], quarantine: [], bots: [] }
  const byVisitor = new Map<string | null, IngestMessage>()
  for (const event of body.events) {
    const part = byVisitor.get(event.vid) ?? { ...empty, events: [] }
    part.events.push(event)
    byVisitor.set(event.vid, part)
  }
  const parts: DeadLetterPart[] = [...byVisitor].map(([vid, part]) => ({
    siteId: body.site_id,
    vid,
    body: part,
    events: part.events.length,
  }))
  if (body.quarantine.length > 0 || body.bots.length > 0)
    parts.push({
      siteId: body.site_id,
      vid: null,
      body: { ...empty, quarantine: body.quarantine, bots: body.bots },
      events: 0,
    })
  return parts
}

/**
 * Keeps dead letters, one transaction. The same dead letter delivered again is one row, pending
 * again if it had been replayed: a replay that failed once more must be replayable.
 */
export async function storeDeadLetters(d1: D1Database, bodies: readonly unknown[], now: number) {
  const rows = await Promise.all(
    bodies.flatMap(deadLetterParts).map(async (p) => {
      const body = JSON.stringify(p.body) ?? 'null'
      return { key: await sha256Hex(body), site_id: p.siteId, vid: p.vid, body, events: p.events }
    }),
  )
  const statements = jsonChunks(rows).map((chunk) =>
    d1
      .prepare(
        `INSERT INTO dead_letters (key, site_id, vid, body, events, created_at)
         SELECT j.value ->> 'key', j.value ->> 'site_id', j.value ->> 'vid', j.value ->> 'body', j.value ->> 'events', ?2
         FROM json_each(?1) AS j WHERE true
         ON CONFLICT (key) DO UPDATE SET replayed_at = NULL, created_at = excluded.created_at`,
      )
      .bind(chunk, now),
  )
  if (statements.length > 0) await d1.batch(statements)
  return { deadLetters: rows.length }
}

export interface DeadLetterSummary {
  id: number
  site_id: string | null
  events: number
  created_at: number
  replayed_at: number | null
}

export type DeadLetterStatus = 'pending' | 'replayed' | 'all'

const STATUS_SQL: Record<DeadLetterStatus, string> = {
  pending: 'replayed_at IS NULL',
  replayed: 'replayed_at IS NOT NULL',
  all: 'true',
}

/** Dead letters by id, without their bodies, optionally of one site and status; `after` pages on. */
export async function listDeadLetters(
  d1: D1Database,
  filter: { site?: string; status: DeadLetterStatus; after?: number; limit: number },
): Promise<DeadLetterSummary[]> {
  const { results } = await d1
    .prepare(
      `SELECT id, site_id, events, created_at, replayed_at FROM dead_letters
       WHERE (?1 IS NULL OR site_id = ?1) AND id > ?2 AND ${STATUS_SQL[filter.status]}
       ORDER BY id LIMIT ?3`,
    )
    .bind(filter.site ?? null, filter.after ?? 0, filter.limit)
    .all<DeadLetterSummary>()
  return results
}

export interface ReplayRequest {
  /** Only this site's dead letters. */
  site?: string
  /** These dead letters, replayed or not; without ids, the oldest pending ones. */
  ids?: number[]
  limit: number
}

export interface ReplayResult {
  /** Dead letters sent back to the queue. */
  replayed: number
  /** Events in them. */
  events: number
  /** Dead letters still pending (of the site, when one is given). */
  remaining: number
}

/** Queues' sendBatch limits: 100 messages and 256 KB; each body is below 128 KB. */
const SEND_BATCH_MESSAGES = 100
const SEND_BATCH_CHARS = 120_000

/**
 * Sends dead letters back to the EVENTS queue, as they came, and marks them replayed. Only what
 * was sent is marked: if the queue refuses a send, the rest stay pending and the error is thrown.
 */
export async function replayDeadLetters(
  d1: D1Database,
  queue: Queue<unknown>,
  request: ReplayRequest,
  now: number,
): Promise<ReplayResult> {
  const chosen = request.ids ? `id IN (SELECT value FROM json_each(?2))` : `replayed_at IS NULL`
  const { results: rows } = await d1
    .prepare(
      `SELECT id, body, events FROM dead_letters WHERE (?1 IS NULL OR site_id = ?1) AND ${chosen}
       ORDER BY id LIMIT ?3`,
    )
    .bind(request.site ?? null, JSON.stringify(request.ids ?? []), request.limit)
    .all<{ id: number; body: string; events: number }>()
  const sent: typeof rows = []
  try {
    let chunk: typeof rows = []
    let chars = 0
    const flush = async () => {
      if (chunk.length === 0) return
      await queue.sendBatch(chunk.map((r) => ({ body: JSON.parse(r.body), contentType: 'json' as const })))
      sent.push(...chunk)
      chunk = []
      chars = 0
    }
    for (const row of rows) {
      if (
        chunk.length === SEND_BATCH_MESSAGES ||
        (chunk.length > 0 && chars + row.body.length > SEND_BATCH_CHARS)
      )
        await flush()
      chunk.push(row)
      chars += row.body.length
    }
    await flush()
  } finally {
    if (sent.length > 0)
      await d1
        .prepare('UPDATE dead_letters SET replayed_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))')
        .bind(JSON.stringify(sent.map((r) => r.id)), now)
        .run()
  }
  const left = await d1
    .prepare(
      'SELECT count(*) AS n FROM dead_letters WHERE (?1 IS NULL OR site_id = ?1) AND replayed_at IS NULL',
    )
    .bind(request.site ?? null)
    .first<{ n: number }>()
  return {
    replayed: sent.length,
    events: sent.reduce((n, r) => n + r.events, 0),
    remaining: left?.n ?? 0,
  }
}

/** Deletes dead letters and bot receipts past their days, at most 5,000 of each per call. */
export async function purgeDeadLetters(d1: D1Database, now: number) {
  const [letters, receipts] = await d1.batch([
    d1
      .prepare(
        'DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters WHERE created_at < ? LIMIT 5000)',
      )
      .bind(now - DEAD_LETTER_DAYS * DAY_MS),
    d1
      .prepare(
        'DELETE FROM bot_receipts WHERE id IN (SELECT id FROM bot_receipts WHERE created_at < ? LIMIT 5000)',
      )
      .bind(now - RECEIPT_DAYS * DAY_MS),
  ])
  return { deadLetters: letters?.meta.changes ?? 0, botReceipts: receipts?.meta.changes ?? 0 }
}
