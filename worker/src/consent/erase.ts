import { visitorTablesSql } from './registry'
import { visitorHash } from './visitor-id'

export type ErasureReason = 'withdraw' | 'self-service' | 'admin' | 'marketing-withdrawn'

export interface ErasureResult {
  id: string
  /** Rows deleted per registered table. */
  counts: Record<string, number>
}

/**
 * Deletes every row about one visitor of one site from every table registered in
 * db/visitor-data.ts and records the erasure — all in one D1 batch, which is atomic: either the
 * visitor is gone and the record says so, or nothing changed. The record counts rows before they
 * are deleted, in the same batch. `scope: 'marketing'` empties only marketing-only tables
 * (profiles), for a visitor who keeps analytics but withdraws marketing.
 */
export async function eraseVisitor(
  d1: D1Database,
  siteId: string,
  vid: string,
  reason: ErasureReason,
  opts: { scope?: 'all' | 'marketing'; now?: number } = {},
): Promise<ErasureResult> {
  const scope = opts.scope ?? 'all'
  const tables = visitorTablesSql().filter((t) => scope === 'all' || t.marketingOnly)
  const id = crypto.randomUUID()
  const countsSql = tables.length
    ? `json_object(${tables
        .map(
          (t) => `'${t.name}', (SELECT count(*) FROM ${t.table} WHERE ${t.site} = ?1 AND ${t.visitor} = ?2)`,
        )
        .join(', ')})`
    : `'{}'`
  const record = d1
    .prepare(
      `INSERT INTO erasures (id, site_id, vid_hash, reason, counts, completed_at) VALUES (?3, ?1, ?4, ?5, ${countsSql}, ?6)`,
    )
    .bind(siteId, vid, id, await visitorHash(siteId, vid), reason, opts.now ?? Date.now())
  const deletes = tables.map((t) =>
    d1.prepare(`DELETE FROM ${t.table} WHERE ${t.site} = ?1 AND ${t.visitor} = ?2`).bind(siteId, vid),
  )
  const results = await d1.batch([record, ...deletes])
  const counts = Object.fromEntries(tables.map((t, i) => [t.name, results[i + 1]?.meta.changes ?? 0]))
  return { id, counts }
}
