/**
 * Persons who withdrew consent on the web: marked on the person, or one of their visitors was erased
 * for a withdrawal (consent's erasures table, matched through person_visitor_hashes — the visitor's
 * own link is gone by then). Offline data declared under `consent` is not stored for them again.
 */
export async function withdrawnPersons(
  d1: D1Database,
  siteId: string,
  personIds?: string[],
): Promise<Set<string>> {
  if (personIds && !personIds.length) return new Set()
  // Without a list: every withdrawn person of the site (a short list), read once per import.
  const only = personIds ? 'AND id IN (SELECT value FROM json_each(?2))' : ''
  const onlyH = personIds ? 'AND h.person_id IN (SELECT value FROM json_each(?2))' : ''
  const { results } = await d1
    .prepare(
      `SELECT id FROM persons WHERE site_id = ?1 ${only} AND withdrawn_at IS NOT NULL AND merged_into IS NULL
       UNION
       SELECT h.person_id FROM person_visitor_hashes h
       JOIN erasures e ON e.site_id = h.site_id AND e.vid_hash = h.vid_hash
       WHERE h.site_id = ?1 ${onlyH} AND e.reason IN ('withdraw', 'marketing-withdrawn')`,
    )
    .bind(...(personIds ? [siteId, JSON.stringify([...new Set(personIds)])] : [siteId]))
    .all<{ id: string }>()
  return new Set(results.map((r) => r.id))
}
