import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { countingDb } from '../../test/counting-db'
import { createSite } from '../../test/fixtures'
import { insertProfile } from '../../test/visitor-rows'
import { profileWithMembers, profileWithMembersStatement, type StoredProfileRow } from './read'

/** What the visitor and person views do inside their batch: one statement, then the row as a profile. */
const profileOfVisitors = async (d1: D1Database, siteId: string, vids: string[]) =>
  profileWithMembers(
    await profileWithMembersStatement(d1, siteId, vids).first<StoredProfileRow & { members: string }>(),
  )

const SITE = 'prof-read'

const addMembers = (profileVid: string, vids: string[]) =>
  env.DB.prepare(
    'INSERT INTO profile_members (site_id, vid, profile_vid) SELECT ?1, value, ?2 FROM json_each(?3)',
  )
    .bind(SITE, profileVid, JSON.stringify(vids))
    .run()

describe('profileWithMembersStatement', () => {
  it('reads a pooled profile and its member ids in one round trip, from any member id', async () => {
    await createSite({ id: SITE })
    // A person's profile stored under p-b, pooled from three ids (inserted out of order).
    await insertProfile(SITE, 'p-b')
    await addMembers('p-b', ['p-c', 'p-a', 'p-b'])
    const { d1, counter } = countingDb()
    const found = await profileOfVisitors(d1, SITE, ['p-c', 'unknown'])
    expect(counter.trips).toBe(1)
    expect(found?.row).toMatchObject({ vid: 'p-b', segment: 'browsers', lifecycle: 'new' })
    expect(found?.row).not.toHaveProperty('members')
    expect(found?.members).toEqual(['p-a', 'p-b', 'p-c'])
  })

  it('a profile without member rows was built from its own id; no profile is null', async () => {
    await insertProfile(SITE, 'legacy')
    const { d1, counter } = countingDb()
    expect((await profileOfVisitors(d1, SITE, ['legacy']))?.members).toEqual(['legacy'])
    expect(await profileOfVisitors(d1, SITE, ['nobody'])).toBeNull()
    expect(counter.trips).toBe(2)
  })
})
