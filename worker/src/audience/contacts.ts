import { openSealed, type SealSecrets } from '../lib/seal'
import { type MissingPerson, readPerson } from './person'

/** A contact detail a site keeps (settings.sources.keepContacts), as an admin sees it. */
export interface KeptContact {
  /** email | phone */
  kind: string
  /** The link key: kind and the HMAC of the normalized value. */
  key: string
  /** The visitor it was given for: the seal is bound to it. */
  visitor: string | null
  source: string
  createdAt: number
  /** The contact in the clear, or null when it cannot be opened (then `error` says why). */
  value: string | null
  error: string | null
}

export type ContactsLookup = { found: true; contacts: KeptContact[] } | MissingPerson

/**
 * The sealed contact details of one person, opened with the keys in `secrets`: what an admin of
 * the site needs to answer the person (an access request by e-mail, a till receipt). A sealed value
 * opens only for the site, visitor and field it was sealed for, so one copied onto another link
 * shows an error instead of a contact.
 */
export async function personContacts(
  d1: D1Database,
  secrets: SealSecrets,
  siteId: string,
  personId: string,
): Promise<ContactsLookup> {
  const person = await readPerson(d1, siteId, personId)
  if (!person.found) return person
  const { results } = await d1
    .prepare(
      `SELECT kind, key, vid, sealed, source, created_at FROM identity_links
       WHERE site_id = ?1 AND person_id = ?2 AND sealed IS NOT NULL ORDER BY created_at, key`,
    )
    .bind(siteId, personId)
    .all<{
      kind: string
      key: string
      vid: string | null
      sealed: string
      source: string
      created_at: number
    }>()
  const contacts = await Promise.all(
    results.map(async (l) => {
      const opened = await openSealed(
        secrets,
        { site: siteId, visitor: l.vid ?? '', field: l.kind },
        l.sealed,
      )
      return {
        kind: l.kind,
        key: l.key,
        visitor: l.vid,
        source: l.source,
        createdAt: l.created_at,
        value: opened.value,
        error: opened.error,
      }
    }),
  )
  return { found: true, contacts }
}
