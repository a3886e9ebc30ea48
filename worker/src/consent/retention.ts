import { getTableName } from 'drizzle-orm'
import { clearCursor, readCursor, writeCursor } from '../db/queries/cursors'
import { deletePersonsWithoutLinks } from '../db/queries/persons'
import { consentLog } from '../db/schema'
import { DAY_MS } from '../lib/time'
import { primaryKeyOf, quoteId, visitorTablesSql } from './registry'

export interface RetentionBudget {
  /** Rows deleted by one statement. */
  chunkRows: number
  /** Statements per run across all sites and tables: bounds one cron invocation. */
  maxChunks: number
}

export const DEFAULT_RETENTION_BUDGET: RetentionBudget = { chunkRows: 2_000, maxChunks: 100 }

/**
 * How long the consent log keeps a decision after the data collected under it has expired. The log
 * is the proof of consent (GDPR Art. 7(1)): it must outlast the processing it covers, and then still
 * answer a complaint or a claim about that processing (docs/consent.md, "How long data is kept").
 */
export const CONSENT_PROOF_DAYS = 3 * 365

/** One table retention purges, as SQL names. */
export interface RetentionTarget {
  name: string
  table: string
  site: string
  /** The time column (ms since epoch) compared with the cutoff. */
  ts: string
  key: string[]
  /** Days kept beyond the site's retention_days. */
  extraDays: number
}

/**
 * What retention purges, in order: every table of the visitor-data registry by its time column
 * (a table whose rows go with another's, profile_members, has none), then the consent log after
 * its proof period.
 */
export function retentionTargets(): RetentionTarget[] {
  const visitorData = visitorTablesSql().flatMap((t) =>
    t.expiresBy
      ? [{ name: t.name, table: t.table, site: t.site, ts: t.expiresBy, key: t.key, extraDays: 0 }]
      : [],
  )
  const log = {
    name: 'consent_log',
    table: quoteId(getTableName(consentLog)),
    site: quoteId(consentLog.siteId.name),
    ts: quoteId(consentLog.ts.name),
    key: primaryKeyOf(consentLog),
    extraDays: CONSENT_PROOF_DAYS,
  }
  return [...visitorData, log]
}

/** The statements of one chunk (exported for the query-plan test): site ?1, rows older than ?2, at most ?3. */
export const retentionSql = {
  chunk: (t: RetentionTarget, extra = '') =>
    `SELECT ${t.key.join(', ')}${extra} FROM ${t.table} WHERE ${t.site} = ?1 AND ${t.ts} < ?2 LIMIT ?3`,
  // By primary key: events and orders are WITHOUT ROWID tables. Counted by RETURNING: D1's
  // `changes` would include what a trigger deletes along (a profile's member rows).
  delete: (t: RetentionTarget) =>
    `DELETE FROM ${t.table} WHERE (${t.key.join(', ')}) IN (${retentionSql.chunk(t)}) RETURNING 1`,
}

/** Deletes at most `limit` rows of one site older than `cutoff` from one table; returns how many went. */
async function deleteChunk(
  d1: D1Database,
  t: RetentionTarget,
  siteId: string,
  cutoff: number,
  limit: number,
) {
  const { results } = await d1.prepare(retentionSql.delete(t)).bind(siteId, cutoff, limit).all()
  return results.length
}

/**
 * Identity links hold persons together: a chunk of expired links is read first, then deleted in one
 * batch with the persons it leaves without any link (and what belongs to them), so no person is
 * ever left describing nobody.
 */
async function deleteLinksChunk(
  d1: D1Database,
  t: RetentionTarget,
  siteId: string,
  cutoff: number,
  limit: number,
): Promise<{ links: number; persons: number }> {
  const { results } = await d1
    .prepare(retentionSql.chunk(t, ', person_id'))
    .bind(siteId, cutoff, limit)
    .all<{ key: string; person_id: string }>()
  if (!results.length) return { links: 0, persons: 0 }
  const persons = [...new Set(results.map((r) => r.person_id))]
  const done = await d1.batch([
    d1
      .prepare('DELETE FROM identity_links WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))')
      .bind(siteId, JSON.stringify(results.map((r) => r.key))),
    ...deletePersonsWithoutLinks(d1, siteId, persons),
  ])
  return { links: results.length, persons: done[done.length - 1]?.meta.changes ?? 0 }
}

/**
 * Retention purge: every row about visitors older than each site's retention (sites.retention_days,
 * 13 months by default) in every table of db/visitor-data.ts, persons left without links, and
 * consent log rows past their proof period, in bounded chunks. When the budget runs out, the cursor
 * remembers the site and table (`site\ntable`) and the next run starts there. (Quarantine rows also
 * expire after 30 days in the ingestion area's quarantine-retention job.)
 */
export async function purgeExpired(
  d1: D1Database,
  now: number,
  budget = DEFAULT_RETENTION_BUDGET,
): Promise<Record<string, number>> {
  const targets = retentionTargets()
  const deleted: Record<string, number> = Object.fromEntries([
    ...targets.map((t) => [t.name, 0]),
    ['persons', 0],
  ])
  let chunks = 0
  let sitesDone = 0
  const { results: sites } = await d1
    .prepare('SELECT id, retention_days FROM sites ORDER BY id')
    .all<{ id: string; retention_days: number }>()
  const [resumeSite, resumeTable] = ((await readCursor(d1, 'retention')) ?? '').split('\n')
  const start = resumeSite
    ? Math.max(
        0,
        sites.findIndex((s) => s.id >= resumeSite),
      )
    : 0
  for (const site of sites.slice(start)) {
    const from =
      site.id === resumeSite
        ? Math.max(
            0,
            targets.findIndex((t) => t.name === resumeTable),
          )
        : 0
    for (const t of targets.slice(from)) {
      const cutoff = now - (site.retention_days + t.extraDays) * DAY_MS
      while (true) {
        if (chunks >= budget.maxChunks) {
          await writeCursor(d1, 'retention', `${site.id}\n${t.name}`, now)
          return { ...deleted, sites: sitesDone, done: 0 }
        }
        chunks++
        let n: number
        if (t.name === 'identity_links') {
          const gone = await deleteLinksChunk(d1, t, site.id, cutoff, budget.chunkRows)
          n = gone.links
          deleted.persons! += gone.persons
        } else n = await deleteChunk(d1, t, site.id, cutoff, budget.chunkRows)
        deleted[t.name]! += n
        if (n < budget.chunkRows) break
      }
    }
    sitesDone++
  }
  await clearCursor(d1, 'retention')
  return { ...deleted, sites: sitesDone, done: 1 }
}
