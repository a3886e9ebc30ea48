import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { eraseVisitor } from '../../consent/erase'
import { collectRequest, envelope, eventId, pageview } from '../../../test/envelopes'
import { callApi } from '../../../test/sources-api'
import { identifierKey, siteSalt } from './identifiers'
import { stitchWebIdentifies } from './web-identify'

const WAIT = { timeout: 8000, interval: 100 }
const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...args)
      .all<Record<string, unknown>>()
  ).results

/** One browser: a pageview and an identify, with the given consent. */
async function browser(site: string, vid: string, userId: string, marketing: boolean) {
  const identify = {
    id: eventId(),
    type: 'identify',
    ts: Date.now(),
    url: 'https://shop.example/account',
    user_id: userId,
  }
  const res = await SELF.fetch(
    collectRequest(
      envelope(site, [pageview({ url: 'https://shop.example/boots' }), identify], {
        vid,
        sid: `${vid}-s`,
        consent: { analytics: true, marketing },
      }),
    ),
  )
  expect(res.status).toBe(202)
}

/** Every row of every table, as text: nothing about the person may survive in any of them. */
async function wholeDatabase(): Promise<string> {
  const tables = await rows(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'`,
  )
  const out: string[] = []
  for (const t of tables) out.push(JSON.stringify(await rows(`SELECT * FROM "${t.name}"`)))
  return out.join('\n')
}

const SITE = 'person-site'
const VID_A = 'browserA-aaaaaaaaaaaaaaaaaaaaaa'
const VID_B = 'browserB-bbbbbbbbbbbbbbbbbbbbbb'
const VID_C = 'browserC-cccccccccccccccccccccc'
let admin: string
beforeAll(async () => {
  await createSite({ id: SITE })
  admin = await createKey(SITE, ['admin'])
})

describe('one customer view', { timeout: 30_000 }, () => {
  it('two browsers and an offline purchase become one person; deleting it leaves nothing behind', async () => {
    await browser(SITE, VID_A, 'cust-7', true)
    await browser(SITE, VID_B, 'cust-7', true)
    // A third browser identifies as the same customer without marketing consent: not linked.
    await browser(SITE, VID_C, 'cust-7', false)
    await vi.waitFor(
      async () => expect(await rows('SELECT id FROM events WHERE site_id = ?', SITE)).toHaveLength(6),
      WAIT,
    )
    expect(await stitchWebIdentifies(env.DB, Date.now())).toMatchObject({ persons: 1 })

    const csv = 'receipt,date,total,customer\r\nT-100,2026-11-27 16:45,42.00,cust-7\r\n'
    const imp = await callApi(
      `/sites/${SITE}/imports?preset=store_purchases&basis=contract&channel=store-mitte&mapping=${encodeURIComponent('{"customer":"user_id"}')}`,
      { key: admin, method: 'POST', body: csv, contentType: 'text/csv' },
    )
    expect(imp.status).toBe(201)
    expect(imp.json.rows).toMatchObject({ imported: 1 })

    const found = await callApi(`/sites/${SITE}/persons?user_id=cust-7`, { key: admin })
    expect(found.json.data).toHaveLength(1)
    const personId = found.json.data[0].id as string
    const person = (await callApi(`/sites/${SITE}/persons/${personId}`, { key: admin })).json
    const [offlineVid] = person.visitors.filter((v: string) => v.startsWith('x'))
    expect(person.visitors.sort()).toEqual([VID_A, VID_B, offlineVid].sort())
    expect(person.summary).toMatchObject({
      events: 4,
      orders: 1,
      revenue: 42,
      offlineRecords: { purchase: 1 },
    })
    expect(person.timeline.map((e: any) => `${e.origin}:${e.type}`).sort()).toEqual(
      ['offline:purchase', 'web:identify', 'web:identify', 'web:pageview', 'web:pageview'].sort(),
    )
    expect(person.timeline.find((e: any) => e.origin === 'offline')).toMatchObject({
      ts: Date.parse('2026-11-27T16:45:00Z'),
      orderId: 'T-100',
      value: 42,
      channel: 'store-mitte',
    })

    const salt = await siteSalt(env.DB, SITE)
    const userKey = (await identifierKey(salt, 'user', 'cust-7'))!
    const deleted = await callApi(`/sites/${SITE}/erasures`, {
      key: admin,
      method: 'POST',
      body: JSON.stringify({ person_id: personId, reason: 'Request 17 by e-mail' }),
      contentType: 'application/json',
    })
    expect(deleted.status).toBe(200)
    expect(deleted.json).toMatchObject({
      visitors: 3,
      counts: { events: 4, orders: 1, offline_records: 1, persons: 1 },
    })
    const db = await wholeDatabase()
    for (const trace of [VID_A, VID_B, offlineVid, personId, userKey.slice(5), 'T-100'])
      expect(db.includes(trace), `${trace} survived`).toBe(false)
    // The unlinked browser C is a different visitor and stays.
    expect(db.includes(VID_C)).toBe(true)
    expect((await callApi(`/sites/${SITE}/persons/${personId}`, { key: admin })).status).toBe(404)
  })

  it('a person who withdrew on the web is not imported again under consent; another basis flags the import', async () => {
    const site = 'person-withdrawn'
    await createSite({ id: site })
    const key = await createKey(site, ['read', 'write'])
    const vid = 'browserW-wwwwwwwwwwwwwwwwwwwwww'
    await browser(site, vid, 'cust-w', true)
    await vi.waitFor(
      async () => expect(await rows('SELECT id FROM events WHERE site_id = ?', site)).toHaveLength(2),
      WAIT,
    )
    await stitchWebIdentifies(env.DB, Date.now())
    // The visitor withdraws: consent's erasure deletes the visitor's rows, including its link.
    await eraseVisitor(env.DB, site, vid, 'withdraw')

    const csv =
      'order_id,purchased_at,total,user_id\nW-1,2026-11-20,10,cust-w\nW-2,2026-11-21,20,someone-else\n'
    const url = (basis: string) => `/sites/${site}/imports?preset=store_purchases&basis=${basis}`
    const underConsent = await callApi(url('consent'), {
      key,
      method: 'POST',
      body: csv,
      contentType: 'text/csv',
    })
    expect(underConsent.status).toBe(201)
    expect(underConsent.json).toMatchObject({
      rows: { total: 2, imported: 1, suppressed: 1 },
      flagged: false,
      report: { issues: [expect.objectContaining({ row: 2, reason: 'withdrawn_person', level: 'warning' })] },
    })
    expect(await rows(`SELECT source_key FROM offline_records WHERE site_id = ?`, site)).toEqual([
      { source_key: 'W-2' },
    ])

    const underContract = await callApi(url('contract'), {
      key,
      method: 'POST',
      body: csv,
      contentType: 'text/csv',
    })
    expect(underContract.json).toMatchObject({
      rows: { total: 2, imported: 1, duplicates: 1, suppressed: 0 },
      flagged: true,
      report: { issues: [expect.objectContaining({ row: 2, reason: 'withdrawn_person_other_basis' })] },
    })
    const list = await callApi(`/sites/${site}/imports`, { key })
    expect(list.json.data.map((i: any) => [i.basis, i.flagged])).toEqual([
      ['contract', true],
      ['consent', false],
    ])
  })
})
