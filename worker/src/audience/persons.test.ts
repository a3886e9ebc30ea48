import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { identifierKey, siteSalt } from '../sources/identity/identifiers'
import { findPersons, listPersons } from './persons'

const SITE = 'persons-list'

async function seed() {
  await createSite({ id: SITE })
  const userKey = await identifierKey(await siteSalt(env.DB, SITE), 'user', 'cust-1')
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO persons (id, site_id, created_at, updated_at, merged_into) VALUES
         ('pl-1', ?1, 10, 10, NULL), ('pl-2', ?1, 20, 20, NULL), ('pl-0', ?1, 5, 5, 'pl-1'), ('pl-3', ?1, 20, 20, NULL)`,
    ).bind(SITE),
    env.DB.prepare(
      `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at) VALUES
         (?1, 'vid:pl-a', 'vid', 'pl-1', 'pl-a', 'web', 11),
         (?1, ?2, 'user', 'pl-1', NULL, 'web', 12),
         (?1, 'vid:pl-b', 'vid', 'pl-2', 'pl-b', 'web', 21)`,
    ).bind(SITE, userKey),
  ])
}

describe('persons list and lookup', () => {
  it('lists live persons oldest first, in pages after a (createdAt, id) key', async () => {
    await seed()
    expect(await listPersons(env.DB, SITE, null, 2)).toEqual([
      { id: 'pl-1', createdAt: 10, identifiers: 2 },
      { id: 'pl-2', createdAt: 20, identifiers: 1 },
    ])
    expect(await listPersons(env.DB, SITE, [20, 'pl-2'], 2)).toEqual([
      { id: 'pl-3', createdAt: 20, identifiers: 0 },
    ])
  })

  it('finds each person holding any given identifier once, and names an invalid one', async () => {
    expect(await findPersons(env.DB, SITE, { vid: 'pl-a', user: 'cust-1' })).toEqual({
      ok: true,
      persons: [{ id: 'pl-1', createdAt: 10, identifiers: 2 }],
    })
    expect(await findPersons(env.DB, SITE, { vid: 'pl-b', customer: 'nobody' })).toEqual({
      ok: true,
      persons: [{ id: 'pl-2', createdAt: 20, identifiers: 1 }],
    })
    expect(await findPersons(env.DB, SITE, { user: 'cust-1', email: 'not an email' })).toEqual({
      ok: false,
      kind: 'email',
    })
  })
})
