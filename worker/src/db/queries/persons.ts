/** Writes to persons (sources/identity) that a lower floor needs: consent's withdrawal. */
/**
 * Marks the person of a visitor as withdrawn, so offline imports declared under consent are not
 * stored for them again (sources/identity/withdrawn.ts reads the mark). Consent's withdrawal calls
 * it before it erases the visitor; the erasure record also works without it, through
 * person_visitor_hashes.
 */
export async function markVisitorWithdrawn(d1: D1Database, siteId: string, vid: string, now = Date.now()) {
  await d1
    .prepare(
      `UPDATE persons SET withdrawn_at = coalesce(withdrawn_at, ?3), updated_at = ?3
       WHERE site_id = ?1 AND id = (SELECT person_id FROM identity_links WHERE site_id = ?1 AND key = 'vid:' || ?2)`,
    )
    .bind(siteId, vid, now)
    .run()
}
