import { asc, eq, gt } from 'drizzle-orm'
import type { Db } from '../client'
import { sites } from '../schema'
import { getSite, type Site } from './sites'

/**
 * Sites in id order: every site after `after` (up to `limit + 1`, so a caller can tell a next page),
 * or only `only` (a site key's own site).
 */
export async function listSites(
  database: Db,
  opts: { limit: number; after?: string; only?: string },
): Promise<Site[]> {
  const where =
    opts.only !== undefined
      ? eq(sites.id, opts.only)
      : opts.after !== undefined
        ? gt(sites.id, opts.after)
        : undefined
  const rows = await database
    .select({ id: sites.id })
    .from(sites)
    .where(where)
    .orderBy(asc(sites.id))
    .limit(opts.limit + 1)
  const full = await Promise.all(rows.map((r) => getSite(database, r.id)))
  return full.filter((s) => s !== null)
}
