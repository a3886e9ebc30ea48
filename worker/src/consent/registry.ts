import { getTableName } from 'drizzle-orm'
import { visitorTables } from '../db/visitor-data'

/** One registered visitor table as SQL names: enough to build a statement for any of them. */
export interface VisitorTableSql {
  name: string
  table: string
  site: string
  visitor: string
  /** Tables that only serve marketing (profiles): emptied when marketing consent alone is withdrawn. */
  marketingOnly: boolean
}

const quoteId = (id: string) => `"${id.replaceAll('"', '""')}"`

/** The registry of db/visitor-data.ts with quoted SQL identifiers, read once. */
export function visitorTablesSql(): VisitorTableSql[] {
  return visitorTables.map((entry) => ({
    name: entry.name,
    table: quoteId(getTableName(entry.table)),
    site: quoteId(entry.site.name),
    visitor: quoteId(entry.visitor.name),
    marketingOnly: 'purpose' in entry && entry.purpose === 'marketing',
  }))
}
