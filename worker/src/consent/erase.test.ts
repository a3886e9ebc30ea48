import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { eraseVisitor } from './erase'
import { insertEvent, insertProfile } from '../../test/visitor-rows'

// Written into the SQL text, this value would make the condition below true for every visitor:
// consent_id = 'x' OR '1'='1'. Bound, it is just a consent id no visitor has.
const HOSTILE = "x' OR '1'='1"

const count = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .first<{ n: number }>()
  )?.n

async function visitorWithState(site: string, vid: string, consentId: string) {
  await env.DB.prepare(
    `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, banner_version, gpc, updated_at)
     VALUES (?, ?, ?, 1, 1, 'banner', '1', 0, 1)`,
  )
    .bind(site, vid, consentId)
    .run()
  await insertEvent(site, vid, crypto.randomUUID())
  await insertProfile(site, vid)
}

/** The erasure only while the visitor's consent record has this id. */
const whileConsentIs = (site: string, vid: string, consentId: string) => ({
  sql: 'EXISTS (SELECT 1 FROM consent_state WHERE site_id = ? AND vid = ? AND consent_id = ?)',
  params: [site, vid, consentId],
})

describe('a conditional erasure (onlyIf)', () => {
  it('binds the condition’s values: a hostile one matches nothing and erases nothing', async () => {
    const site = await createSite({ id: 'erase-bound' })
    const vid = crypto.randomUUID()
    await visitorWithState(site, vid, 'c-1')

    const refused = await eraseVisitor(env.DB, site, vid, 'withdraw', {
      onlyIf: whileConsentIs(site, vid, HOSTILE),
    })
    expect(refused.counts).toMatchObject({ events: 0, consent_state: 0, profiles: 0 })
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ? AND vid = ?', site, vid)).toBe(1)
    expect(await count('SELECT count(*) AS n FROM profiles WHERE site_id = ? AND vid = ?', site, vid)).toBe(1)
    expect(await count('SELECT count(*) AS n FROM erasures WHERE site_id = ?', site)).toBe(0)

    // The same condition with the id the record really has erases the visitor, with a record.
    const erased = await eraseVisitor(env.DB, site, vid, 'withdraw', {
      onlyIf: whileConsentIs(site, vid, 'c-1'),
    })
    expect(erased.counts).toMatchObject({ events: 1, consent_state: 1, profiles: 1 })
    expect(await count('SELECT count(*) AS n FROM events WHERE site_id = ? AND vid = ?', site, vid)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM erasures WHERE site_id = ?', site)).toBe(1)
  })

  it('a value that is itself SQL is compared as text', async () => {
    const site = await createSite({ id: 'erase-bound-text' })
    const vid = crypto.randomUUID()
    await visitorWithState(site, vid, HOSTILE)
    const erased = await eraseVisitor(env.DB, site, vid, 'withdraw', {
      onlyIf: whileConsentIs(site, vid, HOSTILE),
    })
    expect(erased.counts).toMatchObject({ events: 1, consent_state: 1, profiles: 1 })
  })

  it('refuses numbered placeholders, which would read the statement’s own parameters', async () => {
    const site = await createSite({ id: 'erase-bound-numbered' })
    await expect(
      eraseVisitor(env.DB, site, 'v', 'withdraw', { onlyIf: { sql: 'EXISTS (SELECT ?1)', params: [] } }),
    ).rejects.toThrow(/anonymous/)
  })
})
