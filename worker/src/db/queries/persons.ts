/** Writes to persons (sources/identity) that a lower floor needs: consent's withdrawal and retention. */
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

/**
 * The persons among the JSON array ?2 of site ?1 left without any identity link, with every person
 * merged into them however deep (a merged person keeps no links of its own: they moved to the
 * winner). A person is a set of links: once the last one is gone, nothing is left that it describes.
 */
const PERSONS_WITHOUT_LINKS = `WITH RECURSIVE gone(id) AS (
  SELECT p.id FROM persons p
  WHERE p.site_id = ?1 AND p.id IN (SELECT value FROM json_each(?2)) AND p.merged_into IS NULL
    AND NOT EXISTS (SELECT 1 FROM identity_links l WHERE l.site_id = ?1 AND l.person_id = p.id)
  UNION
  SELECT p.id FROM gone CROSS JOIN persons p WHERE p.site_id = ?1 AND p.merged_into = gone.id
)`

/**
 * Statements that delete those of `candidates` that no identity link names any more, with the persons
 * merged into them, their visitor hashes and their merge audit. They run after the links are deleted,
 * in the same batch; the last one's `changes` counts the persons deleted.
 */
export function deletePersonsWithoutLinks(
  d1: D1Database,
  siteId: string,
  candidates: string[],
): D1PreparedStatement[] {
  const ids = JSON.stringify(candidates)
  return [
    d1
      .prepare(
        `${PERSONS_WITHOUT_LINKS} DELETE FROM person_visitor_hashes WHERE site_id = ?1 AND person_id IN (SELECT id FROM gone)`,
      )
      .bind(siteId, ids),
    d1
      .prepare(
        `${PERSONS_WITHOUT_LINKS} DELETE FROM identity_merges WHERE site_id = ?1
         AND (winner_id IN (SELECT id FROM gone) OR loser_id IN (SELECT id FROM gone))`,
      )
      .bind(siteId, ids),
    // Persons last: the statements before find them through the persons table.
    d1
      .prepare(
        `${PERSONS_WITHOUT_LINKS} DELETE FROM persons WHERE site_id = ?1 AND id IN (SELECT id FROM gone)`,
      )
      .bind(siteId, ids),
  ]
}
