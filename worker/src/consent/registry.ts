import { Column, getTableName, is } from 'drizzle-orm'
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { type VisitorTable, visitorTables } from '../db/visitor-data'

/** One registered visitor table as SQL names: enough to build a statement for any of them. */
export interface VisitorTableSql {
  name: string
  table: string
  site: string
  visitor: string
  /** Tables that only serve marketing (profiles): emptied when marketing consent alone is withdrawn. */
  marketingOnly: boolean
  /**
   * The table's index that starts with (site, visitor), quoted, if it has one besides its primary
   * key. An erasure names it (INDEXED BY): without table statistics D1's planner deletes from a
   * WITHOUT ROWID table through the primary key's site prefix, i.e. reads all of the site's rows.
   */
  visitorIndex: string | null
  /** The time column retention compares with the site's retention_days; null when the rows go with another table's. */
  expiresBy: string | null
  /** The primary key's columns: retention deletes a chunk of rows by them. */
  key: string[]
  /** Unquoted names of a sealed column and of the column naming the field it was sealed as. */
  sealed: { value: string; field: string } | null
  /** The quoted columns an export shows: all of them but the registry's `secret` ones. */
  exportColumns: string
}

export const quoteId = (id: string) => `"${id.replaceAll('"', '""')}"`

/** The quoted columns of a table's primary key (a composite key, or the one primary column). */
export function primaryKeyOf(table: SQLiteTable): string[] {
  const config = getTableConfig(table)
  const columns = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary)
  return columns.map((c) => quoteId(c.name))
}

function visitorIndexOf(table: SQLiteTable, site: string, visitor: string) {
  // Not a partial index: INDEXED BY one the WHERE clause cannot prove applies is an error.
  const index = getTableConfig(table).indexes.find((i) => {
    const [first, second] = i.config.columns.map((c) => ('name' in c ? c.name : null))
    return first === site && second === visitor && !i.config.where
  })
  return index ? quoteId(index.config.name) : null
}

function exportColumnsOf(entry: VisitorTable) {
  const secret = new Set<string>((entry.secret ?? []).map((c) => c.name))
  return getTableConfig(entry.table)
    .columns.filter((c) => !secret.has(c.name))
    .map((c) => quoteId(c.name))
    .join(', ')
}

/** The registry of db/visitor-data.ts with quoted SQL identifiers, read once. */
export function visitorTablesSql(): VisitorTableSql[] {
  return (visitorTables as readonly VisitorTable[]).map((entry) => ({
    name: entry.name,
    table: quoteId(getTableName(entry.table)),
    site: quoteId(entry.site.name),
    visitor: quoteId(entry.visitor.name),
    marketingOnly: entry.purpose === 'marketing',
    visitorIndex: visitorIndexOf(entry.table, entry.site.name, entry.visitor.name),
    expiresBy: is(entry.expires, Column) ? quoteId(entry.expires.name) : null,
    key: primaryKeyOf(entry.table),
    sealed: entry.sealed ? { value: entry.sealed.value.name, field: entry.sealed.field.name } : null,
    exportColumns: exportColumnsOf(entry),
  }))
}
