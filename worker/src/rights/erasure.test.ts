import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'
import { consentBody, insertEvent, postConsent, rowsMentioning } from '../../test/visitor-rows'

/**
 * Deleting a visitor through the API: no site key deletes one just by knowing its id, and the one
 * API route that erases (admin scope, for requests made by e-mail) leaves an audit row.
 */
const SITE = 'dsr'
const keys = { read: '', write: '', admin: '' }

/** SHA-256 hex of site and visitor id, computed here with WebCrypto (the audit's visitor hash). */
async function vidHash(vid: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${SITE}\n${vid}`))
  return Buffer.from(digest).toString('hex')
}

/** The id of an API key, from its visible prefix. */
const keyId = (key: string) =>
  env.DB.prepare('SELECT id FROM api_keys WHERE prefix = ?')
    .bind(key.slice(0, 13))
    .first<{ id: string }>()
    .then((r) => r!.id)

/** How many audit rows there are (with this reason). */
const audits = (reason?: string) =>
  env.DB.prepare('SELECT count(*) AS n FROM erasure_requests WHERE ?1 IS NULL OR reason = ?1')
    .bind(reason ?? null)
    .first<{ n: number }>()
    .then((r) => r!.n)

const audit = (id: string) =>
  env.DB.prepare('SELECT * FROM erasure_requests WHERE id = ?').bind(id).first<Record<string, unknown>>()

/** A visitor whose browser granted consent (binding its secret) and sent one pageview. */
async function visitor() {
  const vid = crypto.randomUUID()
  await postConsent(consentBody({ site: SITE, vid }))
  await insertEvent(SITE, vid, crypto.randomUUID(), '/seen')
  return vid
}

const erase = (key: string, body: unknown) => call(`/sites/${SITE}/erasures`, { key, method: 'POST', body })

describe('erasure through the API', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await createSite({ id: SITE })
    keys.read = await createKey(SITE, ['read'])
    keys.write = await createKey(SITE, ['write'])
    keys.admin = await createKey(SITE, ['admin'])
  })

  it('a read key that lists a visitor id cannot delete the visitor with it', async () => {
    const vid = await visitor()
    const listed = await call(`/sites/${SITE}/exports/events?period=custom&from=1970-01-01&to=1970-01-02`, {
      key: keys.read,
    })
    expect(listed.text).toContain(vid)
    // The visitor id alone, as /me/delete took it before the credential: refused.
    const selfService = await SELF.fetch(`https://heed.test/me/delete?site=${SITE}`, {
      method: 'POST',
      headers: { 'x-heed-visitor': vid },
    })
    expect(selfService.status).toBe(403)
    for (const key of [keys.read, keys.write]) {
      const res = await erase(key, { visitor_id: vid, reason: 'Ticket 1' })
      expect([res.status, res.json.error.code]).toEqual([403, 'forbidden'])
    }
    expect(await rowsMentioning(vid)).toEqual({ events: 1, consent_state: 1, visitor_credentials: 1 })
    expect(await audits('Ticket 1')).toBe(0)
  })

  it('the person route deletes nothing any more', async () => {
    const res = await call(`/sites/${SITE}/persons/some-person`, { key: keys.admin, method: 'DELETE' })
    expect(res.status).toBe(404)
  })

  it('an admin key erases a visitor on request, and the audit says who, when, whom and why', async () => {
    const vid = await visitor()
    const before = Date.now()
    const res = await erase(keys.admin, { visitor_id: vid, reason: 'Ticket 4711, e-mail of 2 March' })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      id: expect.any(String),
      visitors: 1,
      counts: expect.objectContaining({ events: 1, consent_state: 1, visitor_credentials: 1 }),
    })
    expect(await rowsMentioning(vid)).toEqual({})
    const row = await audit(res.json.id)
    expect(row).toEqual({
      id: res.json.id,
      site_id: SITE,
      requested_by: `key:${await keyId(keys.admin)}`,
      subject: 'visitor',
      vid_hashes: JSON.stringify([await vidHash(vid)]),
      reason: 'Ticket 4711, e-mail of 2 March',
      requested_at: expect.any(Number),
      counts: JSON.stringify(res.json.counts),
      completed_at: expect.any(Number),
    })
    expect(row!.requested_at as number).toBeGreaterThanOrEqual(before)
    expect(row!.completed_at as number).toBeGreaterThanOrEqual(row!.requested_at as number)
  })

  it('the admin token erases a person with every visitor id linked to them, audited as the admin token', async () => {
    const [a, b] = [await visitor(), await visitor()]
    const person = crypto.randomUUID()
    const now = Date.now()
    await env.DB.batch([
      env.DB.prepare('INSERT INTO persons (id, site_id, created_at, updated_at) VALUES (?, ?, ?, ?)').bind(
        person,
        SITE,
        now,
        now,
      ),
      ...[a, b].map((vid) =>
        env.DB.prepare(
          `INSERT INTO identity_links (site_id, key, kind, person_id, vid, source, created_at) VALUES (?, ?, 'vid', ?, ?, 'web', ?)`,
        ).bind(SITE, `vid:${vid}`, person, vid, now),
      ),
    ])
    const res = await erase(ADMIN, { person_id: person, reason: 'Request 12' })
    expect(res.status).toBe(200)
    expect(res.json.visitors).toBe(2)
    for (const vid of [a, b]) expect(await rowsMentioning(vid)).toEqual({})
    expect(await rowsMentioning(person)).toEqual({})
    const row = await audit(res.json.id)
    expect([row?.requested_by, row?.subject, row?.reason]).toEqual(['admin-token', 'person', 'Request 12'])
    expect((JSON.parse(row!.vid_hashes as string) as string[]).sort()).toEqual(
      [await vidHash(a), await vidHash(b)].sort(),
    )
  })

  it('lists the audit to admins only, newest first', async () => {
    const vid = await visitor()
    const done = await erase(keys.admin, { visitor_id: vid, reason: 'Ticket 99' })
    const list = await call(`/sites/${SITE}/erasures?limit=1`, { key: keys.admin })
    expect(list.status).toBe(200)
    expect(list.json.data).toEqual([
      {
        id: done.json.id,
        requested_by: `key:${await keyId(keys.admin)}`,
        subject: 'visitor',
        vid_hashes: [await vidHash(vid)],
        reason: 'Ticket 99',
        requested_at: expect.any(Number),
        counts: done.json.counts,
        completed_at: expect.any(Number),
      },
    ])
    expect(list.json.next_cursor).toEqual(expect.any(String))
    const next = await call(`/sites/${SITE}/erasures?limit=100&cursor=${list.json.next_cursor}`, {
      key: keys.admin,
    })
    expect(next.json.data.map((r: { id: string }) => r.id)).not.toContain(done.json.id)
    expect(next.json.data.length).toBeGreaterThan(0)
    expect((await call(`/sites/${SITE}/erasures`, { key: keys.read })).status).toBe(403)
  })

  it.each([
    ['no reason', { visitor_id: crypto.randomUUID() }],
    [
      'an e-mail address in the reason',
      { visitor_id: crypto.randomUUID(), reason: 'asked by ana@example.com' },
    ],
    ['both a visitor and a person', { visitor_id: crypto.randomUUID(), person_id: 'p', reason: 'Ticket 5' }],
    ['neither', { reason: 'Ticket 5' }],
    ['a visitor id that is no Heed id', { visitor_id: '12345', reason: 'Ticket 5' }],
  ])('refuses %s with 400 and erases nothing', async (_name, body) => {
    const before = await audits()
    const res = await erase(keys.admin, body)
    expect([res.status, res.json.error.code]).toEqual([400, 'invalid_request'])
    expect(await audits()).toBe(before)
  })

  it('answers 404 for an unknown person, without an audit row', async () => {
    const res = await erase(keys.admin, { person_id: 'no-such-person', reason: 'Ticket 6' })
    expect(res.status).toBe(404)
    expect(await audits('Ticket 6')).toBe(0)
  })
})
