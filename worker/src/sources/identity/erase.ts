import { eraseVisitor } from '../../consent/erase'
import { deletePersonsWithoutLinks } from '../../db/queries/persons'

export interface PersonErasure {
  personId: string
  /** Visitor ids erased (each through consent's eraseVisitor, which records the erasure). */
  vids: string[]
  /** Rows deleted per table, over all of the person's visitor ids and the person's own rows. */
  counts: Record<string, number>
}

/**
 * Deletes a person and every id linked to them: each linked visitor id is erased through the
 * visitor-data registry (events, orders, offline records, consent state, profiles, …), then the
 * person's own rows — links, visitor hashes, merge audit — and the persons merged into them.
 * Returns null when the person does not exist (or was merged into another: delete that one).
 */
export async function erasePerson(
  d1: D1Database,
  siteId: string,
  personId: string,
): Promise<PersonErasure | null> {
  const person = await d1
    .prepare('SELECT merged_into FROM persons WHERE site_id = ? AND id = ?')
    .bind(siteId, personId)
    .first<{ merged_into: string | null }>()
  if (!person || person.merged_into) return null

  // The person and every person merged into it, however deep the chain of merges.
  const { results: family } = await d1
    .prepare(
      `WITH RECURSIVE fam(id) AS (
         SELECT ?2 UNION SELECT p.id FROM persons p JOIN fam ON p.merged_into = fam.id WHERE p.site_id = ?1
       ) SELECT id FROM fam`,
    )
    .bind(siteId, personId)
    .all<{ id: string }>()
  const ids = JSON.stringify(family.map((f) => f.id))
  const { results: vids } = await d1
    .prepare(
      `SELECT DISTINCT vid FROM identity_links
       WHERE site_id = ?1 AND person_id IN (SELECT value FROM json_each(?2)) AND vid IS NOT NULL`,
    )
    .bind(siteId, ids)
    .all<{ vid: string }>()

  const counts: Record<string, number> = {}
  const add = (table: string, n: number) => {
    counts[table] = (counts[table] ?? 0) + n
  }
  for (const { vid } of vids) {
    const erased = await eraseVisitor(d1, siteId, vid, 'admin')
    for (const [table, n] of Object.entries(erased.counts)) add(table, n)
  }

  const tables = ['identity_links', 'person_visitor_hashes', 'identity_merges', 'persons'] as const
  const results = await d1.batch([
    d1
      .prepare(
        'DELETE FROM identity_links WHERE site_id = ?1 AND person_id IN (SELECT value FROM json_each(?2))',
      )
      .bind(siteId, ids),
    // With its links gone the person goes, with the persons merged into it, as after retention.
    ...deletePersonsWithoutLinks(d1, siteId, [personId]),
  ])
  for (const [i, t] of tables.entries()) add(t, results[i]?.meta.changes ?? 0)
  return { personId, vids: vids.map((v) => v.vid), counts }
}
