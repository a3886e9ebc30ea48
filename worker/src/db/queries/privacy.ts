import { type SQL, sql } from 'drizzle-orm'
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { privacyNotices } from '../schema'

/**
 * The version of a site's privacy notice in force, as a subquery: a consent decision is logged with it in
 * the same statement, so the record names what the visitor was told when they chose (NULL before a site
 * has any notice).
 */
export const noticeInForce = (site: SQL | string): SQL =>
  sql`(SELECT ${privacyNotices.version} FROM ${privacyNotices} WHERE ${privacyNotices.siteId} = ${site} AND ${privacyNotices.status} = 'published')`

/** The same subquery as SQL text for raw statements; `siteColumn` is the site column in scope there. */
export const noticeInForceText = (siteColumn: string): string =>
  new SQLiteSyncDialect().sqlToQuery(noticeInForce(sql.raw(siteColumn))).sql
