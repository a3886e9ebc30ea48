import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { countingDb } from '../../test/counting-db'
import { createSite } from '../../test/fixtures'
import { insertEvent, insertOrder, insertProfile } from '../../test/visitor-rows'
import { personView } from './person'

const SITE = 'person-view-trips'

/** A person with two linked browsers and one identifier without a browser. */
async function seedPerson() {
  await createSite({ id: SITE })
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO persons (id, site_id, created_at, updated_at) VALUES ('pv-1', ?1, 10, 20)`,
    ).bind(SITE),
    env.DB.prepare(
      `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at) VALUES
         (?1, 'k-a', 'vid', 'pv-1', 'pv-a', 'web', 11),
         (?1, 'k-b', 'vid', 'pv-1', 'pv-b', 'web', 12),
         (?1, 'k-u', 'user', 'pv-1', NULL, 'web', 13)`,
    ).bind(SITE),
    // The profile is stored under pv-b, pooled from both browsers.
    env.DB.prepare(
      `INSERT INTO profile_members (site_id, vid, profile_vid) VALUES (?1, 'pv-a', 'pv-b'), (?1, 'pv-b', 'pv-b')`,
    ).bind(SITE),
  ])
  await insertProfile(SITE, 'pv-b')
  await insertEvent(SITE, 'pv-a', 'pv-e1')
  await insertEvent(SITE, 'pv-b', 'pv-e2')
  await insertOrder(SITE, 'pv-b', 'pv-o1', 12.5)
}

describe('personView', () => {
  it('reads the person, its links, and then timeline, summary and profile in one batch', async () => {
    await seedPerson()
    const { d1, counter } = countingDb()
    const view = await personView(d1, SITE, 'pv-1')
    // persons row, identity_links, then one batch (the profile included): was 4 trips with its own read.
    expect(counter.trips).toBe(3)
    if (!view.found) throw new Error('person not found')
    expect(view.person.visitors).toEqual(['pv-a', 'pv-b'])
    expect(view.person.summary).toMatchObject({ events: 2, orders: 1, revenue: 12.5 })
    expect(view.person.timeline.map((e) => e.id).sort()).toEqual(['pv-e1', 'pv-e2'])
    expect(view.person.profile).toMatchObject({
      vid: 'pv-b',
      segment: 'browsers',
      lifecycle: 'new',
      members: ['pv-a', 'pv-b'],
    })
  })

  it('a person without browsers has no profile, still in three trips', async () => {
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO persons (id, site_id, created_at, updated_at) VALUES ('pv-2', ?1, 10, 20)`,
      ).bind(SITE),
      env.DB.prepare(
        `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at) VALUES (?1, 'k-2', 'user', 'pv-2', NULL, 'import', 11)`,
      ).bind(SITE),
    ])
    const { d1, counter } = countingDb()
    const view = await personView(d1, SITE, 'pv-2')
    expect(counter.trips).toBe(3)
    expect(view).toMatchObject({ found: true, person: { visitors: [], profile: null, timeline: [] } })
  })
})
