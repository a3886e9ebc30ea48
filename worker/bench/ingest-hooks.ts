/**
 * Measurement hooks for bench/ingest. Only the bench's own worker (ingest-worker.ts) serves them,
 * on /collect itself, so the baseline takes exactly the same path through wrangler dev as the real
 * endpoint; the production bundle never contains them.
 */
import { jsonChunks } from '../src/db/queries/events'
import { EVENT_COLUMNS } from '../src/db/rows'
import type { Env } from '../src/env'
import type { EventRow, IngestMessage } from '../src/ingest/row'
import { storeBatch } from '../src/ingest/store'

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

const json = (body: unknown, status = 200) => Response.json(body, { status })

export async function benchHook(request: Request, env: Env, hook: string): Promise<Response> {
  if (hook === 'noop') {
    // The baseline: read and parse the body like /collect, answer like /collect, do nothing else.
    const envelope = JSON.parse(await request.text()) as { events?: unknown[] }
    return json({ accepted: envelope.events?.length ?? 0, duplicates: 0, rejected: [] }, 202)
  }
  const { bodies } = (await request.json()) as { bodies: IngestMessage[] }
  const rows = bodies.flatMap((b) => b.events)
  if (hook === 'store') {
    const summary = await storeBatch(env.DB, bodies, Date.now())
    return json(summary)
  }
  if (hook === 'raw-json' || hook === 'raw-values') {
    const statements = hook === 'raw-json' ? jsonStatements(env.DB, rows) : valuesStatements(env.DB, rows)
    const results = await env.DB.batch(statements)
    return json({
      events: rows.length,
      inserted: sum(results, 'changes'),
      rowsWritten: sum(results, 'rows_written'),
    })
  }
  return json({ error: { code: 'not_found', message: 'No such bench hook' } }, 404)
}
