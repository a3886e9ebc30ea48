import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { consentState } from '../db/schema'

/**
 * Re-check right before using visitors' data for marketing (e.g. before each prompt): which of `vids`
 * still grant it. One query however many ids (json_each, so no bound-parameter limit).
 */
export async function stillGrantingMarketing(
  database: Db,
  siteId: string,
  vids: string[],
): Promise<Set<string>> {
  if (!vids.length) return new Set()
  const rows = await database
    .select({ vid: consentState.vid })
    .from(consentState)
    .where(
      and(
        eq(consentState.siteId, siteId),
        eq(consentState.marketing, true),
        sql`${consentState.vid} IN (SELECT value FROM json_each(${JSON.stringify(vids)}))`,
      ),
    )
    .all()
  return new Set(rows.map((r) => r.vid))
}

/** The current logged decision of one visitor, or null when none is logged (or it was withdrawn). */
export async function currentConsent(database: Db, siteId: string, vid: string) {
  return (
    (await database
      .select()
      .from(consentState)
      .where(and(eq(consentState.siteId, siteId), eq(consentState.vid, vid)))
      .get()) ?? null
  )
}
