import { identifierKey, siteSalt, vidKey } from '../sources/identity/identifiers'

/** One person in a list: when it was created and how many identifiers are linked to it. */
export interface PersonItem {
  id: string
  createdAt: number
  identifiers: number
}

type PersonRow = { id: string; created_at: number; n: number }

const PERSON_ITEM = `p.id, p.created_at,
  (SELECT count(*) FROM identity_links l WHERE l.site_id = p.site_id AND l.person_id = p.id) AS n`

const item = (r: PersonRow): PersonItem => ({ id: r.id, createdAt: r.created_at, identifiers: r.n })

/** Up to `limit` live (not merged) persons of a site, oldest first, after the (createdAt, id) `after`. */
export async function listPersons(
  d1: D1Database,
  siteId: string,
  after: [createdAt: number, id: string] | null,
  limit: number,
): Promise<PersonItem[]> {
  const { results } = await d1
    .prepare(
      `SELECT ${PERSON_ITEM}
       FROM persons p WHERE p.site_id = ?1 AND p.merged_into IS NULL AND (p.created_at, p.id) > (?2, ?3)
       ORDER BY p.created_at, p.id LIMIT ?4`,
    )
    .bind(siteId, after?.[0] ?? -1, after?.[1] ?? '', limit)
    .all<PersonRow>()
  return results.map(item)
}

/** Raw identifiers to look a person up by (each is hashed with the site's salt, never stored). */
export interface PersonIdentifiers {
  vid?: string
  user?: string
  email?: string
  phone?: string
  customer?: string
}

export type PersonsFound =
  | { ok: true; persons: PersonItem[] }
  /** `kind` names the first identifier that is not a valid value of its kind. */
  | { ok: false; kind: 'user' | 'email' | 'phone' | 'customer' }

/** The persons holding any of the given identifiers, each once, in the order of the identifiers. */
export async function findPersons(
  d1: D1Database,
  siteId: string,
  ids: PersonIdentifiers,
): Promise<PersonsFound> {
  const salt = await siteSalt(d1, siteId)
  const keys: string[] = ids.vid !== undefined ? [vidKey(ids.vid)] : []
  for (const kind of ['user', 'email', 'phone', 'customer'] as const) {
    const value = ids[kind]
    if (value === undefined) continue
    const key = await identifierKey(salt, kind, value)
    if (!key) return { ok: false, kind }
    keys.push(key)
  }
  const personIds = new Set<string>()
  for (const key of keys) {
    const p = await personOfKey(d1, siteId, key)
    if (p) personIds.add(p)
  }
  const persons: PersonItem[] = []
  for (const id of personIds) {
    const row = await d1
      .prepare(`SELECT ${PERSON_ITEM} FROM persons p WHERE p.site_id = ? AND p.id = ?`)
      .bind(siteId, id)
      .first<PersonRow>()
    if (row) persons.push(item(row))
  }
  return { ok: true, persons }
}

/** The live person holding an identifier key, or null. */
async function personOfKey(d1: D1Database, siteId: string, key: string): Promise<string | null> {
  const row = await d1
    .prepare('SELECT person_id FROM identity_links WHERE site_id = ? AND key = ?')
    .bind(siteId, key)
    .first<{ person_id: string }>()
  return row?.person_id ?? null
}
