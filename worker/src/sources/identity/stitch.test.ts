import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createSite } from '../../../test/fixtures'
import { identifierKey, normalizeEmail, normalizePhone, siteSalt, syntheticVid, vidKey } from './identifiers'
import { undoMerge } from './merges'
import { personView } from '../../audience/person'
import { stitch } from './stitch'

const SITE = 'stitch-site'
let salt: string
beforeAll(async () => {
  await createSite({ id: SITE })
  salt = await siteSalt(env.DB, SITE)
})

const vid = (v: string) => ({ key: vidKey(v), kind: 'vid' as const, vid: v })
const user = async (u: string) => ({ key: (await identifierKey(salt, 'user', u))!, kind: 'user' as const })
const email = async (e: string) => ({ key: (await identifierKey(salt, 'email', e))!, kind: 'email' as const })
const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n

describe('identifiers', () => {
  it('normalizes e-mail and phone so spellings of one contact meet', async () => {
    expect(normalizeEmail('  Ana@Example.COM ')).toBe('ana@example.com')
    expect(normalizeEmail('not an email')).toBeNull()
    expect(normalizePhone('0049 (30) 123-456')).toBe('+4930123456')
    expect(normalizePhone('12')).toBeNull()
    expect(await identifierKey(salt, 'email', 'ANA@example.com')).toBe(
      await identifierKey(salt, 'email', 'ana@example.com'),
    )
    // The stored key never contains the address.
    expect(await identifierKey(salt, 'email', 'ana@example.com')).toMatch(/^email:[0-9a-f]{64}$/)
  })

  it('hashes differ between sites (per-site salt) and synthetic vids are protocol-shaped', async () => {
    await createSite({ id: 'stitch-other' })
    const other = await siteSalt(env.DB, 'stitch-other')
    expect(other).not.toBe(salt)
    expect(await identifierKey(other, 'user', 'u1')).not.toBe(await identifierKey(salt, 'user', 'u1'))
    expect(await syntheticVid('user:abc')).toMatch(/^x[0-9a-f]{32}$/)
    expect(await siteSalt(env.DB, SITE)).toBe(salt)
  })
})

describe('stitch', () => {
  it('a lone anonymous visitor makes no person; a visitor with a user id does', async () => {
    const r1 = await stitch(env.DB, SITE, [{ links: [vid('anon-only-1')] }], 'web')
    expect(r1.persons).toEqual([null])
    const r2 = await stitch(env.DB, SITE, [{ links: [vid('browser-a-0001'), await user('u-1')] }], 'web')
    expect(r2.created).toBe(1)
    expect(r2.persons[0]).toMatch(/^[0-9a-f-]{36}$/)
    // Same user from a second browser joins the same person, no merge needed.
    const r3 = await stitch(env.DB, SITE, [{ links: [vid('browser-b-0001'), await user('u-1')] }], 'web')
    expect(r3.persons[0]).toBe(r2.persons[0])
    expect(r3.created).toBe(0)
    expect(r3.merges).toEqual([])
    expect(
      await count(
        'SELECT count(*) AS n FROM identity_links WHERE site_id = ? AND person_id = ?',
        SITE,
        r2.persons[0],
      ),
    ).toBe(3)
  })

  it('groups in one call that share an identifier become one person', async () => {
    const r = await stitch(
      env.DB,
      SITE,
      [
        { links: [vid('batch-a-0001'), await user('u-2')] },
        { links: [await user('u-2'), await email('two@example.com')] },
        { links: [vid('batch-c-0001'), await user('u-3')] },
      ],
      'segment',
    )
    expect(r.created).toBe(2)
    expect(r.persons[0]).toBe(r.persons[1])
    expect(r.persons[2]).not.toBe(r.persons[0])
  })

  it('merges two stored persons (older wins), audits the moved keys, and undo restores both', async () => {
    const a = (
      await stitch(env.DB, SITE, [{ links: [vid('merge-a-0001'), await user('m-a')] }], 'web', 1_000)
    ).persons[0]!
    const b = (
      await stitch(
        env.DB,
        SITE,
        [{ links: [vid('merge-b-0001'), await email('mb@example.com')] }],
        'web',
        2_000,
      )
    ).persons[0]!
    expect(a).not.toBe(b)
    // A store purchase names both the user id of A and the e-mail of B.
    const r = await stitch(
      env.DB,
      SITE,
      [
        {
          links: [await user('m-a'), await email('mb@example.com'), vid('x0000000000000000000000000000abcd')],
        },
      ],
      'import:1',
      3_000,
    )
    expect(r.persons[0]).toBe(a)
    expect(r.merges).toHaveLength(1)
    expect(r.merges[0]).toMatchObject({
      winnerId: a,
      loserId: b,
      reason: (await email('mb@example.com')).key,
    })
    const merge = await env.DB.prepare('SELECT * FROM identity_merges WHERE id = ?')
      .bind(r.merges[0]!.id)
      .first<{
        moved_keys: string
        source: string
      }>()
    expect(JSON.parse(merge!.moved_keys).sort()).toEqual(
      [(await email('mb@example.com')).key, vidKey('merge-b-0001')].sort(),
    )
    expect(merge!.source).toBe('import:1')

    const view = await personView(env.DB, SITE, a)
    expect(view.found && view.person.visitors.sort()).toEqual(
      ['merge-a-0001', 'merge-b-0001', 'x0000000000000000000000000000abcd'].sort(),
    )
    expect(await personView(env.DB, SITE, b)).toEqual({ found: false, mergedInto: a })

    const undo = await undoMerge(env.DB, SITE, r.merges[0]!.id)
    expect(undo).toMatchObject({ ok: true, winnerId: a, loserId: b, restoredKeys: 2 })
    const after = await personView(env.DB, SITE, b)
    expect(after.found && after.person.visitors).toEqual(['merge-b-0001'])
    const winner = await personView(env.DB, SITE, a)
    expect(winner.found && winner.person.visitors.sort()).toEqual([
      'merge-a-0001',
      'x0000000000000000000000000000abcd',
    ])
    expect(await undoMerge(env.DB, SITE, r.merges[0]!.id)).toMatchObject({
      ok: false,
      code: 'already_undone',
    })
    expect(await undoMerge(env.DB, SITE, 'nope')).toMatchObject({ ok: false, code: 'not_found' })
  })

  it('keeps sites apart: the same user id on another site is another person', async () => {
    await createSite({ id: 'stitch-iso' })
    const otherSalt = await siteSalt(env.DB, 'stitch-iso')
    const p1 = (await stitch(env.DB, SITE, [{ links: [vid('iso-a-00001'), await user('shared')] }], 'web'))
      .persons[0]
    const key = (await identifierKey(otherSalt, 'user', 'shared'))!
    const p2 = (
      await stitch(env.DB, 'stitch-iso', [{ links: [vid('iso-b-00001'), { key, kind: 'user' }] }], 'web')
    ).persons[0]
    expect(p2).not.toBe(p1)
  })
})
