import { openSealed, type SealSecrets } from '../lib/seal'
import { CONSENT_RECORD_COLUMNS, VISITOR_CONSENT_ID } from './log'
import { type VisitorTableSql, visitorTablesSql } from './registry'

type Row = Record<string, unknown>

export interface VisitorExport {
  site: string
  visitor_id: string
  exported_at: string
  /**
   * Every registered table's rows about this visitor, columns as stored (but the secret ones). A row
   * with a sealed value also has `unsealed`, the value in the clear, or null and `unseal_error` when
   * it cannot be opened.
   */
  tables: Record<string, Row[]>
  /** The decisions logged under the consent records this visitor's data is linked to. */
  consent_log: Row[]
}

/** The rows of a table with a sealed column, each with its value opened for this visitor. */
async function withUnsealed(
  t: VisitorTableSql,
  rows: Row[],
  secrets: SealSecrets,
  siteId: string,
  vid: string,
): Promise<Row[]> {
  const sealed = t.sealed
  if (!sealed) return rows
  return Promise.all(
    rows.map(async (row) => {
      const value = row[sealed.value]
      if (typeof value !== 'string') return row
      const ctx = { site: siteId, visitor: vid, field: String(row[sealed.field]) }
      const opened = await openSealed(secrets, ctx, value)
      return opened.error === null
        ? { ...row, unsealed: opened.value }
        : { ...row, unsealed: null, unseal_error: opened.error }
    }),
  )
}

/**
 * Everything stored about one visitor of one site (GDPR Art. 15 / 20). It walks the same registry
 * as erasure, so whatever erasure would delete, export shows. Rows of other sites or other
 * visitors never match: both columns are in every WHERE. Sealed values are opened with the keys in
 * `secrets`: the visitor gets their data, not its ciphertext.
 */
export async function exportVisitor(
  d1: D1Database,
  siteId: string,
  vid: string,
  now = Date.now(),
  secrets: SealSecrets = {},
): Promise<VisitorExport> {
  const tables = visitorTablesSql()
  const results = await d1.batch([
    ...tables.map((t) =>
      d1
        .prepare(`SELECT ${t.exportColumns} FROM ${t.table} WHERE ${t.site} = ?1 AND ${t.visitor} = ?2`)
        .bind(siteId, vid),
    ),
    d1
      .prepare(
        `SELECT ${CONSENT_RECORD_COLUMNS} FROM consent_log WHERE site_id = ?1 AND ${VISITOR_CONSENT_ID}
         ORDER BY ts, id`,
      )
      .bind(siteId, vid),
  ])
  return {
    site: siteId,
    visitor_id: vid,
    exported_at: new Date(now).toISOString(),
    tables: Object.fromEntries(
      await Promise.all(
        tables.map(async (t, i) => [
          t.name,
          await withUnsealed(t, (results[i]?.results ?? []) as Row[], secrets, siteId, vid),
        ]),
      ),
    ),
    consent_log: (results[tables.length]?.results ?? []) as Row[],
  }
}
