import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../test/api'
import { createSite } from '../../test/fixtures'
import { consentBody, insertEvent, postConsent, rowsMentioning, secretOf } from '../../test/visitor-rows'
import { proveVisitor } from './credential'

/**
 * The visitor credential end to end through the worker: who binds it, which requests need it, what
 * a missing or wrong secret gets, and that neither the secret nor its hash ever leaves the worker.
 */
const SITE = 'cred'
const ORIGIN = 'https://shop.example'

const me = (path: 'export' | 'delete', vid: string, secret?: string) =>
  SELF.fetch(`https://heed.test/me/${path}?site=${SITE}`, {
    method: path === 'export' ? 'GET' : 'POST',
    headers: { origin: ORIGIN, 'x-heed-visitor': vid, ...(secret ? { 'x-heed-secret': secret } : {}) },
  })

const consent = (vid: string, secret: string | undefined, over: Record<string, unknown> = {}) =>
  postConsent(consentBody({ site: SITE, vid, secret, ...over }))

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code

/** SHA-256 hex, computed here with WebCrypto rather than through the code under test. */
async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Buffer.from(digest).toString('hex')
}

const boundHash = (vid: string) =>
  env.DB.prepare('SELECT secret_hash FROM visitor_credentials WHERE site_id = ? AND vid = ?')
    .bind(SITE, vid)
    .first<{ secret_hash: string }>()
    .then((r) => r?.secret_hash ?? null)

const stateOf = (vid: string) =>
  env.DB.prepare('SELECT analytics, marketing FROM consent_state WHERE site_id = ? AND vid = ?')
    .bind(SITE, vid)
    .first<{ analytics: number; marketing: number }>()

/** A visitor whose browser granted analytics with its secret, and whose first event is stored. */
async function boundVisitor() {
  const vid = crypto.randomUUID()
  const consentId = crypto.randomUUID()
  expect((await consent(vid, secretOf(vid), { consent_id: consentId, marketing: false })).status).toBe(201)
  await insertEvent(SITE, vid, crypto.randomUUID(), '/mine')
  return { vid, consentId, secret: secretOf(vid) }
}

const WRONG = `${crypto.randomUUID()}${crypto.randomUUID()}`

// Erasures and the all-table searches take seconds on a busy machine.
describe('the visitor credential', { timeout: 30_000 }, () => {
  beforeAll(async () => {
    await createSite({ id: SITE })
  })

  it('is bound on first sight: the grant that stores the first consent state keeps only SHA-256 of the secret', async () => {
    const { vid, secret } = await boundVisitor()
    expect(await boundHash(vid)).toBe(await sha256(secret))
    // The secret itself is nowhere in the database (searched in halves: D1 caps a LIKE pattern's length).
    for (const half of [secret.slice(0, 36), secret.slice(36)]) expect(await rowsMentioning(half)).toEqual({})
  })

  it('lets the visitor who holds the secret export, change consent and delete', async () => {
    const { vid, consentId, secret } = await boundVisitor()
    const exported = await me('export', vid, secret)
    expect(exported.status).toBe(200)
    const data = (await exported.json()) as { tables: Record<string, { path?: string }[]> }
    expect(data.tables.events!.map((e) => e.path)).toEqual(['/mine'])
    const change = await consent(vid, secret, { consent_id: consentId, action: 'change', marketing: true })
    expect(change.status).toBe(201)
    expect(await stateOf(vid)).toEqual({ analytics: 1, marketing: 1 })
    expect((await me('delete', vid, secret)).status).toBe(200)
    expect(await rowsMentioning(vid)).toEqual({})
  })

  describe.each([
    ['a missing secret', undefined, 'visitor_secret_required'],
    ['a wrong secret', WRONG, 'visitor_secret_mismatch'],
  ])('for a visitor with stored data, %s gets 403', (_name, secret, code) => {
    it('on export, and nothing is shown', async () => {
      const { vid } = await boundVisitor()
      const res = await me('export', vid, secret)
      expect([res.status, await errorCode(res)]).toEqual([403, code])
    })

    it('on delete, and nothing is deleted', async () => {
      const { vid } = await boundVisitor()
      const res = await me('delete', vid, secret)
      expect([res.status, await errorCode(res)]).toEqual([403, code])
      expect(await rowsMentioning(vid)).toEqual({ events: 1, consent_state: 1, visitor_credentials: 1 })
    })

    it('on a forged marketing grant, and the state stays analytics only', async () => {
      const { vid } = await boundVisitor()
      const res = await consent(vid, secret, { action: 'change', marketing: true })
      expect([res.status, await errorCode(res)]).toEqual([403, code])
      expect(await stateOf(vid)).toEqual({ analytics: 1, marketing: 0 })
    })

    it('on a forged withdrawal, and nothing is erased or logged', async () => {
      const { vid, consentId } = await boundVisitor()
      const res = await consent(vid, secret, {
        consent_id: consentId,
        action: 'withdraw',
        analytics: false,
        marketing: false,
      })
      expect([res.status, await errorCode(res)]).toEqual([403, code])
      expect(await rowsMentioning(vid)).toEqual({ events: 1, consent_state: 1, visitor_credentials: 1 })
      const log = await env.DB.prepare('SELECT action FROM consent_log WHERE consent_id = ?')
        .bind(consentId)
        .all<{ action: string }>()
      expect(log.results.map((r) => r.action)).toEqual(['grant'])
    })
  })

  it('binds the first secret of a visitor stored before secrets existed, then holds to it', async () => {
    const vid = crypto.randomUUID()
    await insertEvent(SITE, vid, crypto.randomUUID(), '/legacy')
    expect(await errorCode(await me('export', vid))).toBe('visitor_secret_required')
    const mine = secretOf(vid)
    expect((await me('export', vid, mine)).status).toBe(200)
    expect(await boundHash(vid)).toBe(await sha256(mine))
    const other = await me('export', vid, WRONG)
    expect([other.status, await errorCode(other)]).toEqual([403, 'visitor_secret_mismatch'])
  })

  it('writes nothing for an id with no stored data, with or without a secret', async () => {
    const vid = crypto.randomUUID()
    const empty = await me('export', vid)
    expect(empty.status).toBe(200)
    expect(
      ((await empty.json()) as { tables: Record<string, unknown[]> }).tables.visitor_credentials,
    ).toEqual([])
    expect((await me('export', vid, secretOf(vid))).status).toBe(200)
    // A refusal before any id existed names no visitor; a deny naming one with nothing stored binds nothing.
    expect(
      (await consent(vid, secretOf(vid), { action: 'deny', analytics: false, marketing: false })).status,
    ).toBe(201)
    expect(await boundHash(vid)).toBeNull()
  })

  it('lets a first grant without a secret through, and binds the first secret that follows', async () => {
    const vid = crypto.randomUUID()
    expect((await consent(vid, undefined)).status).toBe(201)
    expect(await boundHash(vid)).toBeNull()
    expect(await errorCode(await me('export', vid))).toBe('visitor_secret_required')
    expect((await consent(vid, secretOf(vid), { action: 'change', marketing: false })).status).toBe(201)
    expect(await boundHash(vid)).toBe(await sha256(secretOf(vid)))
  })

  it('lets exactly one of two racing first sights bind', async () => {
    const vid = crypto.randomUUID()
    await insertEvent(SITE, vid, crypto.randomUUID())
    const [a, b] = [`${crypto.randomUUID()}${crypto.randomUUID()}`, WRONG]
    const proofs = await Promise.all([a, b].map((s) => proveVisitor(env.DB, SITE, vid, s)))
    expect(proofs.filter((p) => p.ok)).toHaveLength(1)
    const winner = proofs[0]!.ok ? a : b
    expect(await boundHash(vid)).toBe(await sha256(winner))
  })

  it('refuses a malformed secret, and a secret in the URL, with 400', async () => {
    const { vid } = await boundVisitor()
    const short = await me('export', vid, 'too-short')
    expect([short.status, await errorCode(short)]).toEqual([400, 'invalid_visitor_secret'])
    const decision = await consent(vid, 'too-short', { action: 'change', marketing: false })
    expect([decision.status, await errorCode(decision)]).toEqual([400, 'invalid_decision'])
    const inUrl = await SELF.fetch(`https://heed.test/me/export?site=${SITE}&secret=${secretOf(vid)}`, {
      headers: { 'x-heed-visitor': vid },
    })
    expect([inUrl.status, await errorCode(inUrl)]).toEqual([400, 'visitor_secret_in_url'])
  })

  it('keeps the bound hash apart from every site', async () => {
    const { vid, secret } = await boundVisitor()
    await createSite({ id: 'cred-other' })
    await insertEvent('cred-other', vid, crypto.randomUUID())
    // The same id on another site is another visitor: its own first sight, its own row.
    const res = await SELF.fetch('https://heed.test/me/export?site=cred-other', {
      headers: { origin: ORIGIN, 'x-heed-visitor': vid, 'x-heed-secret': WRONG },
    })
    expect(res.status).toBe(200)
    expect((await me('export', vid, WRONG)).status).toBe(403)
    expect((await me('export', vid, secret)).status).toBe(200)
  })

  it('never shows the secret or its hash in an export or any API answer', async () => {
    const { vid, secret } = await boundVisitor()
    const hash = await sha256(secret)
    const exported = await me('export', vid, secret)
    const text = await exported.text()
    const data = JSON.parse(text) as { tables: Record<string, Record<string, unknown>[]> }
    // The credential row is listed (it is data kept about the visitor), without its hash.
    expect(data.tables.visitor_credentials).toEqual([{ site_id: SITE, vid, bound_at: expect.any(Number) }])
    const api = await Promise.all(
      [
        `/sites/${SITE}/visitors/${vid}`,
        `/sites/${SITE}/exports/events?period=custom&from=1970-01-01&to=1970-01-02`,
        `/sites/${SITE}/consent`,
        `/sites/${SITE}/erasures`,
      ].map((path) => call(path, { key: ADMIN })),
    )
    expect(api.map((a) => a.status)).toEqual([200, 200, 200, 200])
    // The visitor's own rows are in the answers that list them.
    expect(api[0]!.text).toContain(vid)
    expect(api[1]!.text).toContain(vid)
    const answers = [text, ...api.map((a) => a.text)]
    for (const answer of answers) {
      expect(answer).not.toContain(secret)
      expect(answer).not.toContain(hash)
    }
  })
})
