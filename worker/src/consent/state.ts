import { and, eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { consentState } from '../db/schema'

export type ConsentStateRow = typeof consentState.$inferSelect

/**
 * Visitor ids of one site whose current logged decision grants marketing — the only visitors
 * profiling may select (consent.md §5.6). A visitor who withdraws has no row at all.
 */
export async function visitorsGrantingMarketing(database: Db, siteId: string): Promise<string[]> {
  const rows = await database
    .select({ vid: consentState.vid })
    .from(consentState)
    .where(and(eq(consentState.siteId, siteId), eq(consentState.marketing, true)))
    .orderBy(consentState.vid)
    .all()
  return rows.map((r) => r.vid)
}

/** Re-check for one visitor right before using their data for marketing (e.g. before each prompt). */
export async function grantsMarketing(database: Db, siteId: string, vid: string): Promise<boolean> {
  const row = await database
    .select({ marketing: consentState.marketing })
    .from(consentState)
    .where(and(eq(consentState.siteId, siteId), eq(consentState.vid, vid)))
    .get()
  return row?.marketing === true
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
