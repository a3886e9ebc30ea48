import { visitorHash } from '../../consent/visitor-id'
import type { LinkInput } from './identifiers'

/**
 * Identity stitching: each group is the identifiers seen together in one message or row (a browser's
 * visitor id with a user id; a till's customer number with an e-mail hash). Groups that share an
 * identifier — with each other or with links already stored — belong to one person. When a group
 * touches two stored persons they are merged: the older person wins, the loser's links move over,
 * and the merge is recorded with the moved keys so it can be undone.
 */
export interface StitchGroup {
  links: LinkInput[]
}

export interface StitchResult {
  /** Person id per input group, or null for a lone identifier that belongs to nobody yet. */
  persons: (string | null)[]
  created: number
  merges: { id: string; winnerId: string; loserId: string; reason: string }[]
}

/** Union-find over string nodes. */
class Components {
  private parent = new Map<string, string>()
  find(x: string): string {
    let root = x
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!
    // Path compression keeps later finds cheap.
    let node = x
    while (node !== root) {
      const next = this.parent.get(node)!
      this.parent.set(node, root)
      node = next
    }
    return root
  }
  union(a: string, b: string) {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(rb, ra)
  }
}

/** `SELECT k, v FROM … WHERE site_id = ?1 AND … IN json_each(?2)` over `ids`, as a map from k to v. */
async function mapOf<K extends string, V extends string | number>(
  d1: D1Database,
  sql: string,
  siteId: string,
  ids: string[],
): Promise<Map<string, V>> {
  const found = new Map<string, V>()
  if (!ids.length) return found
  const results = await d1.prepare(sql).bind(siteId, JSON.stringify(ids)).raw<[K, V]>()
  for (const [k, v] of results) found.set(k, v)
  return found
}

function personsOfKeys(d1: D1Database, siteId: string, keys: string[]): Promise<Map<string, string>> {
  return mapOf(
    d1,
    'SELECT key, person_id FROM identity_links WHERE site_id = ?1 AND key IN (SELECT value FROM json_each(?2))',
    siteId,
    keys,
  )
}

export async function stitch(
  d1: D1Database,
  siteId: string,
  groups: StitchGroup[],
  source: string,
  now = Date.now(),
): Promise<StitchResult> {
  const inputLinks = new Map<string, LinkInput>()
  for (const g of groups) for (const l of g.links) if (!inputLinks.has(l.key)) inputLinks.set(l.key, l)
  const existing = await personsOfKeys(d1, siteId, [...inputLinks.keys()])

  const comp = new Components()
  for (const g of groups) {
    const [first, ...rest] = g.links
    if (!first) continue
    for (const l of rest) comp.union(`k:${first.key}`, `k:${l.key}`)
  }
  for (const [key, person] of existing) comp.union(`p:${person}`, `k:${key}`)

  // Per component: the stored persons it touches and whether it holds enough to make a person.
  const touched = new Map<string, Set<string>>()
  const sizes = new Map<string, number>()
  for (const key of inputLinks.keys()) {
    const root = comp.find(`k:${key}`)
    sizes.set(root, (sizes.get(root) ?? 0) + 1)
    const person = existing.get(key)
    if (person) {
      if (!touched.has(root)) touched.set(root, new Set())
      touched.get(root)!.add(person)
    }
  }

  const multi = [...touched.values()].filter((s) => s.size > 1).flatMap((s) => [...s])
  const createdAt = await mapOf<string, number>(
    d1,
    'SELECT id, created_at FROM persons WHERE site_id = ?1 AND id IN (SELECT value FROM json_each(?2))',
    siteId,
    multi,
  )

  const personOfRoot = new Map<string, string>()
  const newPersons: string[] = []
  const merges: StitchResult['merges'] = []
  for (const [root, size] of sizes) {
    const persons = [...(touched.get(root) ?? [])]
    if (persons.length === 0) {
      // A lone identifier (an anonymous visitor) does not make a person on its own.
      if (size < 2) continue
      const id = crypto.randomUUID()
      newPersons.push(id)
      personOfRoot.set(root, id)
      continue
    }
    persons.sort((a, b) => (createdAt.get(a) ?? 0) - (createdAt.get(b) ?? 0) || a.localeCompare(b))
    const [winner, ...rest] = persons as [string, ...string[]]
    personOfRoot.set(root, winner)
    for (const loser of rest) {
      const bridge = [...existing].find(([, p]) => p === loser)![0]
      merges.push({ id: crypto.randomUUID(), winnerId: winner, loserId: loser, reason: bridge })
    }
  }

  const stmts: D1PreparedStatement[] = []
  if (newPersons.length) {
    stmts.push(
      d1
        .prepare(
          'INSERT INTO persons (id, site_id, created_at, updated_at) SELECT value, ?1, ?2, ?2 FROM json_each(?3)',
        )
        .bind(siteId, now, JSON.stringify(newPersons)),
    )
  }
  for (const m of merges) {
    // moved_keys is read inside the same batch, before the links move: the audit is exact.
    stmts.push(
      d1
        .prepare(
          `INSERT INTO identity_merges (id, site_id, winner_id, loser_id, reason, source, moved_keys, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6,
             (SELECT coalesce(json_group_array(key), '[]') FROM identity_links WHERE site_id = ?2 AND person_id = ?4), ?7)`,
        )
        .bind(m.id, siteId, m.winnerId, m.loserId, m.reason, source, now),
      d1
        .prepare('UPDATE identity_links SET person_id = ?3 WHERE site_id = ?1 AND person_id = ?2')
        .bind(siteId, m.loserId, m.winnerId),
      d1
        .prepare('UPDATE person_visitor_hashes SET person_id = ?3 WHERE site_id = ?1 AND person_id = ?2')
        .bind(siteId, m.loserId, m.winnerId),
      // A withdrawal on either side stays with the merged person.
      d1
        .prepare(
          `UPDATE persons SET updated_at = ?4, withdrawn_at = coalesce(
             min(withdrawn_at, (SELECT withdrawn_at FROM persons WHERE id = ?3)),
             withdrawn_at, (SELECT withdrawn_at FROM persons WHERE id = ?3))
           WHERE site_id = ?1 AND id = ?2`,
        )
        .bind(siteId, m.winnerId, m.loserId, now),
      d1
        .prepare('UPDATE persons SET merged_into = ?3, updated_at = ?4 WHERE site_id = ?1 AND id = ?2')
        .bind(siteId, m.loserId, m.winnerId, now),
    )
  }

  const newLinks: (LinkInput & { person: string })[] = []
  for (const [key, link] of inputLinks) {
    if (existing.has(key)) continue
    const person = personOfRoot.get(comp.find(`k:${key}`))
    if (person) newLinks.push({ ...link, person })
  }
  if (newLinks.length) {
    stmts.push(
      d1
        .prepare(
          `INSERT OR IGNORE INTO identity_links (site_id, key, kind, person_id, vid, sealed, source, created_at)
           SELECT ?1, value ->> 'key', value ->> 'kind', value ->> 'person', value ->> 'vid', value ->> 'sealed', ?2, ?3
           FROM json_each(?4)`,
        )
        .bind(siteId, source, now, JSON.stringify(newLinks)),
    )
    const hashes = await Promise.all(
      newLinks.filter((l) => l.vid).map(async (l) => ({ h: await visitorHash(siteId, l.vid!), p: l.person })),
    )
    if (hashes.length) {
      stmts.push(
        d1
          .prepare(
            `INSERT OR IGNORE INTO person_visitor_hashes (site_id, vid_hash, person_id)
             SELECT ?1, value ->> 'h', value ->> 'p' FROM json_each(?2)`,
          )
          .bind(siteId, JSON.stringify(hashes)),
      )
    }
  }
  if (stmts.length) await d1.batch(stmts)

  // Read back: a concurrent writer may have linked a key first; the stored link is the truth.
  const final = await personsOfKeys(d1, siteId, [...inputLinks.keys()])
  const persons = groups.map((g) => {
    for (const l of g.links) {
      const p = final.get(l.key)
      if (p) return p
    }
    return null
  })
  return { persons, created: newPersons.length, merges }
}
