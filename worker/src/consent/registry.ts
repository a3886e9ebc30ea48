import { getTableName } from 'drizzle-orm'
import { getTableConfig } from 'drizzle-orm/sqlite-core'
import { visitorTables } from '../db/visitor-data'

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
  /** The quoted columns an export shows: all of them but the registry's `secret` ones. */
  exportColumns: string
}

const quoteId = (id: string) => `"${id.replaceAll('"', '""')}"`

function visitorIndexOf(table: (typeof visitorTables)[number]['table'], site: string, visitor: string) {
  // Not a partial index: INDEXED BY one the WHERE clause cannot prove applies is an error.
  const index = getTableConfig(table).indexes.find((i) => {
    const [first, second] = i.config.columns.map((c) => ('name' in c ? c.name : null))
    return first === site && second === visitor && !i.config.where
  })
  return index ? quoteId(index.config.name) : null
}

function exportColumnsOf(entry: (typeof visitorTables)[number]) {
  const secret = new Set<string>('secret' in entry ? entry.secret.map((c) => c.name) : [])
  return getTableConfig(entry.table)
    .columns.filter((c) => !secret.has(c.name))
    .map((c) => quoteId(c.name))
    .join(', ')
}

/** The registry of db/visitor-data.ts with quoted SQL identifiers, read once. */
export function visitorTablesSql(): VisitorTableSql[] {
  return visitorTables.map((entry) => ({
    name: entry.name,
    table: quoteId(getTableName(entry.table)),
    site: quoteId(entry.site.name),
    visitor: quoteId(entry.visitor.name),
    marketingOnly: 'purpose' in entry && entry.purpose === 'marketing',
    visitorIndex: visitorIndexOf(entry.table, entry.site.name, entry.visitor.name),
    exportColumns: exportColumnsOf(entry),
  }))
}
