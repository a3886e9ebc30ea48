/**
 * Measurement hooks for bench/ingest, reachable only when the worker runs with HEED_BENCH=1
 * (the bench sets it; wrangler.toml never does). They live on /collect itself so the baseline
 * takes exactly the same path through wrangler dev as the real endpoint.
 */
import type { Context } from 'hono'
import { EVENT_COLUMNS, jsonChunks } from '../db/queries/events'
import type { AppEnv } from '../env'
import type { EventRow, IngestMessage } from './row'
import { storeBatch } from './store'

const MAX_PARAMS = 100

/** Plain multi-row INSERT … VALUES, as many rows per statement as 100 parameters allow. */
function valuesStatements(d1: D1Database, rows: EventRow[]) {
  const per = Math.floor(MAX_PARAMS / EVENT_COLUMNS.length)
  const statements: D1PreparedStatement[] = []
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per)
    const placeholders = chunk.map(() => `(${EVENT_COLUMNS.map(() => '?').join(', ')})`).join(', ')
    statements.push(
      d1
        .prepare(`INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${placeholders}`)
        .bind(...chunk.flatMap((r) => EVENT_COLUMNS.map((c) => r[c]))),
    )
  }
  return statements
}

/** Plain INSERT … SELECT FROM json_each(?): the raw bulk insert, no dedupe, no consent, no orders. */
function jsonStatements(d1: D1Database, rows: EventRow[]) {
  const pick = EVENT_COLUMNS.map((c) => `j.value ->> '${c}'`).join(', ')
  const sql = `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) SELECT ${pick} FROM json_each(?1) AS j`
  return jsonChunks(rows).map((chunk) => d1.prepare(sql).bind(chunk))
}

const sum = (results: D1Result[], key: 'rows_written' | 'changes') =>
  results.reduce((n, r) => n + (r.meta[key] ?? 0), 0)

export async function benchHook(c: Context<AppEnv>, hook: string): Promise<Response> {
  if (hook === 'noop') {
    // The baseline: read and parse the body like /collect, answer like /collect, do nothing else.
    const envelope = JSON.parse(await c.req.text()) as { events?: unknown[] }
    return c.json({ accepted: envelope.events?.length ?? 0, duplicates: 0, rejected: [] }, 202)
  }
  const { bodies } = (await c.req.json()) as { bodies: IngestMessage[] }
  const rows = bodies.flatMap((b) => b.events)
  if (hook === 'store') {
    const summary = await storeBatch(c.env.DB, bodies, Date.now())
    return c.json(summary)
  }
  if (hook === 'raw-json' || hook === 'raw-values') {
    const statements = hook === 'raw-json' ? jsonStatements(c.env.DB, rows) : valuesStatements(c.env.DB, rows)
    const results = await c.env.DB.batch(statements)
    return c.json({
      events: rows.length,
      inserted: sum(results, 'changes'),
      rowsWritten: sum(results, 'rows_written'),
    })
  }
  return c.json({ error: { code: 'not_found', message: 'No such bench hook' } }, 404)
}
