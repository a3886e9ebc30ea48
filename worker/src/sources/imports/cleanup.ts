import { discardImport } from './commit'

/**
 * An import whose request died half-way (client gone, isolate evicted) stays `validating` or
 * `committing` with rows in import_staging — hashed identifiers that belong to nobody. After an
 * hour such an import is marked failed and everything it staged or wrote is removed, so a broken
 * upload never leaves part of a file behind.
 */
export const STALE_IMPORT_MS = 60 * 60 * 1000

export async function cleanStaleImports(d1: D1Database, now: number) {
  const { results } = await d1
    .prepare(
      `SELECT id, site_id FROM imports WHERE status IN ('validating', 'committing') AND created_at < ? LIMIT 50`,
    )
    .bind(now - STALE_IMPORT_MS)
    .all<{ id: string; site_id: string }>()
  for (const imp of results) {
    await discardImport(d1, imp.site_id, imp.id)
    await d1
      .prepare(`UPDATE imports SET status = 'failed', completed_at = ? WHERE id = ?`)
      .bind(now, imp.id)
      .run()
  }
  return { staleImports: results.length }
}
