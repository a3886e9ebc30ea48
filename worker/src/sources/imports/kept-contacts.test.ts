import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { callApi } from '../../../test/sources-api'
import { rowsMentioning } from '../../../test/visitor-rows'
import { personView } from '../../audience/person'
import { eraseVisitor } from '../../consent/erase'
import { exportVisitor } from '../../consent/export'
import { selectCandidates } from '../../profiling/store'
import { syntheticVid } from '../identity/identifiers'

/**
 * Contact details a site opts to keep (settings.sources.keepContacts): sealed at import for the
 * row's visitor, opened in that visitor's export and in the admin view, erased with the visitor,
 * and readable after a key rotation only while the old key is listed.
 */
const SITE = 'kept-contacts'
const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
const KEY_A = newKey()
const KEY_B = newKey()
const withKeys = (current: string, old = '') => ({
  ...env,
  ENCRYPTION_KEY: current,
  ENCRYPTION_KEYS_OLD: old,
})
const CSV =
  'order_id,purchased_at,total,customer_id,email,phone\r\n' +
  'K-1,2026-11-20 10:00,25.00,C-1,Ana@Example.com,+49 170 1234567\r\n'

let admin: string
let read: string
let vid: string
let personId: string

const links = async () =>
  (
    await env.DB.prepare('SELECT kind, vid, sealed FROM identity_links WHERE site_id = ? ORDER BY kind')
      .bind(SITE)
      .all<{ kind: string; vid: string | null; sealed: string | null }>()
  ).results

const contacts = (key: string, secrets = withKeys(KEY_A)) =>
  callApi(`/sites/${SITE}/persons/${personId}/contacts`, { key, env: secrets })

/** The admin view's contacts as [kind, value, error]. */
const shown = async (secrets = withKeys(KEY_A)) => {
  const res = await contacts(admin, secrets)
  expect(res.status).toBe(200)
  return (res.json.contacts as { kind: string; value: string | null; error: string | null }[]).map((c) => [
    c.kind,
    c.value,
    c.error,
  ])
}

describe('kept contact details', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await createSite({ id: SITE, settings: { sources: { keepContacts: true } } })
    admin = await createKey(SITE, ['admin'])
    read = await createKey(SITE, ['read'])
    const imp = await callApi(`/sites/${SITE}/imports?preset=store_purchases&basis=contract&channel=till`, {
      key: admin,
      method: 'POST',
      body: CSV,
      contentType: 'text/csv',
      env: withKeys(KEY_A),
    })
    expect(imp.status).toBe(201)
    const customer = (await env.DB.prepare(
      "SELECT key, person_id FROM identity_links WHERE site_id = ? AND kind = 'customer'",
    )
      .bind(SITE)
      .first<{ key: string; person_id: string }>())!
    vid = await syntheticVid(customer.key)
    personId = customer.person_id
  })

  it('are stored only sealed, for the visitor of the row they came with', async () => {
    const stored = await links()
    expect(stored.map((l) => [l.kind, l.vid, l.sealed === null])).toEqual([
      ['customer', null, true],
      ['email', vid, false],
      ['phone', vid, false],
      ['vid', vid, true],
    ])
    expect(await rowsMentioning('example.com')).toEqual({})
    expect(await rowsMentioning('1701234567')).toEqual({})
  })

  it("open in the visitor's own export", async () => {
    const exported = await exportVisitor(env.DB, SITE, vid, Date.now(), withKeys(KEY_A))
    expect(exported.tables.identity_links!.map((l) => [l.kind, l.unsealed, l.unseal_error]).sort()).toEqual([
      ['email', 'ana@example.com', undefined],
      ['phone', '+491701234567', undefined],
      ['vid', undefined, undefined],
    ])
    // Without the key the export still answers, and says why the values are not shown.
    const keyless = await exportVisitor(env.DB, SITE, vid, Date.now(), {})
    const email = keyless.tables.identity_links!.find((l) => l.kind === 'email')!
    expect([email.unsealed, email.unseal_error]).toEqual([
      null,
      expect.stringMatching(/^unknown_key: sealed with key [0-9a-f]{16}, which is neither ENCRYPTION_KEY/),
    ])
  })

  it('open in the admin view, for admin keys only', async () => {
    expect(await shown()).toEqual([
      ['email', 'ana@example.com', null],
      ['phone', '+491701234567', null],
    ])
    expect((await contacts(read)).status).toBe(403)
    expect((await callApi(`/sites/${SITE}/persons/nobody/contacts`, { key: admin })).status).toBe(404)
    // The person view itself lists the row's visitor once, not once per contact that names it.
    const person = await personView(env.DB, SITE, personId)
    expect(person.found && person.person.visitors).toEqual([vid])
  })

  it('do not open once moved to another field or visitor', async () => {
    const stored = await links()
    const email = stored.find((l) => l.kind === 'email')!.sealed
    const phone = stored.find((l) => l.kind === 'phone')!.sealed
    const setSealed = (kind: string, sealed: string | null) =>
      env.DB.prepare('UPDATE identity_links SET sealed = ? WHERE site_id = ? AND kind = ?')
        .bind(sealed, SITE, kind)
        .run()
    await setSealed('phone', email)
    const rejected = 'rejected: does not open: altered, or sealed for another site, visitor or field'
    expect(await shown()).toEqual([
      ['email', 'ana@example.com', null],
      ['phone', null, rejected],
    ])
    await setSealed('phone', phone)
    await env.DB.prepare("UPDATE identity_links SET vid = 'x0000' WHERE site_id = ? AND kind = 'email'")
      .bind(SITE)
      .run()
    expect(await shown()).toEqual([
      ['email', null, rejected],
      ['phone', '+491701234567', null],
    ])
    await env.DB.prepare("UPDATE identity_links SET vid = ? WHERE site_id = ? AND kind = 'email'")
      .bind(vid, SITE)
      .run()
  })

  it('stay readable after a rotation while the old key is listed, and new imports use the new key', async () => {
    expect(await shown(withKeys(KEY_B, KEY_A))).toEqual([
      ['email', 'ana@example.com', null],
      ['phone', '+491701234567', null],
    ])
    const dropped = await shown(withKeys(KEY_B))
    expect(dropped.map(([kind, value, error]) => [kind, value, String(error).split(':')[0]])).toEqual([
      ['email', null, 'unknown_key'],
      ['phone', null, 'unknown_key'],
    ])
    const imp = await callApi(`/sites/${SITE}/imports?preset=store_purchases&basis=contract&channel=till`, {
      key: admin,
      method: 'POST',
      body: 'order_id,purchased_at,total,customer_id,email\r\nK-2,2026-11-21 10:00,5.00,C-1,bo@example.com\r\n',
      contentType: 'text/csv',
      env: withKeys(KEY_B, KEY_A),
    })
    expect(imp.status).toBe(201)
    // Only the new key is needed for the new contact; the old one still needs its key.
    expect(await shown(withKeys(KEY_B))).toEqual([
      ['email', null, expect.stringMatching(/^unknown_key/)],
      ['phone', null, expect.stringMatching(/^unknown_key/)],
      ['email', 'bo@example.com', null],
    ])
  })

  it('are pooled into one profile member per visitor, and erased with the visitor', async () => {
    // A browser of the same person that grants marketing: the profile pools it with the row's visitor.
    const browser = crypto.randomUUID()
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at)
         VALUES (?, ?, 'vid', ?, ?, 'web', 1)`,
      ).bind(SITE, `vid:${browser}`, personId, browser),
      env.DB.prepare(
        `INSERT INTO consent_state (site_id, vid, consent_id, analytics, marketing, source, updated_at)
         VALUES (?, ?, 'c', 1, 1, 'banner', 1)`,
      ).bind(SITE, browser),
    ])
    const [subject] = await selectCandidates(env.DB, SITE, 0, 10)
    expect(subject!.members).toEqual(
      [
        { vid: browser, consented: true },
        { vid, consented: false },
      ].sort((a, b) => (a.vid < b.vid ? -1 : 1)),
    )

    const erased = await eraseVisitor(env.DB, SITE, vid, 'admin')
    expect(erased.counts.identity_links).toBe(4) // its vid link and the three contacts it gave
    expect(await links()).toEqual([
      { kind: 'customer', vid: null, sealed: null },
      { kind: 'vid', vid: browser, sealed: null },
    ])
  })
})
