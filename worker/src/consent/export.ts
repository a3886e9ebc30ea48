import { visitorTablesSql } from './registry'

export interface VisitorExport {
  site: string
  visitor_id: string
  exported_at: string
  /** Every registered table's rows about this visitor, columns as stored. */
  tables: Record<string, Record<string, unknown>[]>
  /** The decisions logged under the consent records this visitor's data is linked to. */
  consent_log: Record<string, unknown>[]
}

/**
 * Everything stored about one visitor of one site (GDPR Art. 15 / 20). It walks the same registry
 * as erasure, so whatever erasure would delete, export shows. Rows of other sites or other
 * visitors never match: both columns are in every WHERE.
 */
export async function exportVisitor(
  d1: D1Database,
  siteId: string,
  vid: string,
  now = Date.now(),
): Promise<VisitorExport> {
  const tables = visitorTablesSql()
  const results = await d1.batch([
    ...tables.map((t) =>
      d1.prepare(`SELECT * FROM ${t.table} WHERE ${t.site} = ?1 AND ${t.visitor} = ?2`).bind(siteId, vid),
    ),
    d1
      .prepare(
        `SELECT id, consent_id, ts, action, analytics, marketing, source, banner_version, locale, jurisdiction, gpc,
                notice_version
         FROM consent_log WHERE site_id = ?1
           AND consent_id IN (SELECT consent_id FROM consent_state WHERE site_id = ?1 AND vid = ?2)
         ORDER BY ts, id`,
      )
      .bind(siteId, vid),
  ])
  return {
    site: siteId,
    visitor_id: vid,
    exported_at: new Date(now).toISOString(),
    tables: Object.fromEntries(
      tables.map((t, i) => [t.name, (results[i]?.results ?? []) as Record<string, unknown>[]]),
    ),
    consent_log: (results[tables.length]?.results ?? []) as Record<string, unknown>[],
  }
}
