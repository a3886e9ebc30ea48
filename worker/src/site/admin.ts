/**
 * What the admin API does to the sites table: create, list and change sites. Reading one site,
 * with its settings parsed, is getSite in load.ts.
 */
import { asc, eq, gt } from 'drizzle-orm'
import { db } from '../db/client'
import { sites } from '../db/schema'

type SiteInsert = typeof sites.$inferInsert

/** The fields a new site is created with; what is left out takes its default. */
export type NewSite = Pick<SiteInsert, 'id' | 'settings'> & { domains: string[] } & Partial<
    Pick<SiteInsert, 'name' | 'allowedOrigins' | 'currency' | 'timezone' | 'retentionDays' | 'consentMode'>
  >

/** The site id a site gets when none is given: its first domain with dots as dashes. */
export const defaultSiteId = (domains: string[]) =>
  domains[0]?.toLowerCase().replaceAll('.', '-').slice(0, 64)

/**
 * Creates a site. Defaults: named after its first domain, events accepted from https:// of each
 * domain, USD, UTC, 395 days of retention, opt-in consent.
 */
export async function insertSite(d1: D1Database, site: NewSite, now = Date.now()) {
  await db(d1)
    .insert(sites)
    .values({
      id: site.id,
      name: site.name ?? site.domains[0] ?? site.id,
      domains: site.domains,
      allowedOrigins: site.allowedOrigins ?? site.domains.map((d) => `https://${d}`),
      currency: site.currency ?? 'USD',
      timezone: site.timezone ?? 'UTC',
      retentionDays: site.retentionDays ?? 395,
      consentMode: site.consentMode ?? 'opt-in',
      settings: site.settings,
      createdAt: now,
      updatedAt: now,
    })
}

/** Up to `limit` site ids in id order: only `only` when given, else those after `after`. */
export async function listSiteIds(
  d1: D1Database,
  filter: { only?: string; after?: string },
  limit: number,
): Promise<string[]> {
  const where =
    filter.only !== undefined
      ? eq(sites.id, filter.only)
      : filter.after !== undefined
        ? gt(sites.id, filter.after)
        : undefined
  const rows = await db(d1)
    .select({ id: sites.id })
    .from(sites)
    .where(where)
    .orderBy(asc(sites.id))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** The fields a change may set; undefined ones stay as they are. */
export type SiteChanges = Partial<
  Pick<
    SiteInsert,
    | 'name'
    | 'domains'
    | 'allowedOrigins'
    | 'currency'
    | 'timezone'
    | 'retentionDays'
    | 'consentMode'
    | 'settings'
  >
>

/** Changes a site's fields and marks it updated. */
export async function updateSite(d1: D1Database, id: string, changes: SiteChanges, now = Date.now()) {
  await db(d1)
    .update(sites)
    .set({ ...changes, updatedAt: now })
    .where(eq(sites.id, id))
}
