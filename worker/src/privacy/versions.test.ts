import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ADMIN, call } from '../../test/api'
import { createKey, createSite } from '../../test/fixtures'
import { consentBody, postConsent } from '../../test/visitor-rows'
import { db } from '../db/client'
import { getSite } from '../site/load'
import { privacyNoticesJob } from '../jobs/privacy'
import { buildFactSheet } from './facts'
import { templateNotice } from './template'
import { noticeForRequest, versionId, writeNoticeVersion } from './versions'

const siteOf = async (id: string) => (await getSite(db(env.DB), id))!
const noticesOf = (site: string) =>
  call(`/admin/sites/${site}/privacy/notices`, { key: ADMIN }).then(
    (r) => r.json.data as Record<string, unknown>[],
  )
const logOf = (consentId: string) =>
  env.DB.prepare('SELECT action, notice_version FROM consent_log WHERE consent_id = ? ORDER BY ts, rowid')
    .bind(consentId)
    .all<{ action: string; notice_version: string | null }>()
    .then((r) => r.results)

describe('notice versions', () => {
  it('a version is the sheet hash and the generation time', () => {
    expect(versionId('3fa2c1d0e9b8a7f6' + '0'.repeat(48), Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe(
      '3fa2c1d0e9b8-20260102T030405Z',
    )
  })

  it('the first version is published; a config change makes a draft the owner publishes; the diff shows why', async () => {
    await createSite({ id: 'ver-shop' })
    const t0 = Date.UTC(2026, 0, 1)
    const first = await writeNoticeVersion(env.DB, await siteOf('ver-shop'), env, t0)
    expect(first.status).toBe('published')
    // Nothing changed: no new version.
    expect(await writeNoticeVersion(env.DB, await siteOf('ver-shop'), env, t0 + 1000)).toEqual({
      status: 'unchanged',
      version: first.version,
    })

    const patched = await call('/admin/sites/ver-shop', {
      key: ADMIN,
      method: 'PATCH',
      body: { retention_days: 90 },
    })
    expect(patched.status).toBe(200)
    const run = await privacyNoticesJob.run(env, new Date(t0 + 60_000))
    expect(run).toMatchObject({ written: 1, drafts: 1, published: 0 })
    const list = await noticesOf('ver-shop')
    expect(list.map((v) => v.status)).toEqual(['draft', 'published'])
    const draft = list[0]!.version as string
    expect(draft).not.toBe(first.version)
    expect(list[0]).toMatchObject({ provider: 'rules', model: 'template', calls: 0 })
    const sheet = await buildFactSheet(await siteOf('ver-shop'), env)
    expect(draft.slice(0, 12)).toBe(sheet.hash.slice(0, 12))

    // The page still shows the version in force until the owner publishes the draft.
    expect((await noticeForRequest(env.DB, await siteOf('ver-shop'), env, t0 + 70_000))?.version).toBe(
      first.version,
    )
    const diff = await call(`/admin/sites/ver-shop/privacy/diff?from=${first.version}&to=${draft}&lang=en`, {
      key: ADMIN,
    })
    expect(diff.status).toBe(200)
    expect(diff.json.facts).toEqual({
      added: [],
      removed: [],
      changed: [
        {
          id: 'retention.events',
          before: { table: 'events', days: 395, until: 'days' },
          after: { table: 'events', days: 90, until: 'days' },
        },
      ],
    })
    expect(diff.json.text.retention).toEqual({
      added: ['We delete page views and other events after 90 days (about 3 months).'],
      removed: ['We delete page views and other events after 395 days (about 13 months).'],
    })

    const published = await call(`/admin/sites/ver-shop/privacy/notices/${draft}/publish`, {
      key: ADMIN,
      method: 'POST',
    })
    expect(published.status).toBe(200)
    expect(published.json).toMatchObject({ version: draft, status: 'published' })
    expect((await noticesOf('ver-shop')).map((v) => v.status)).toEqual(['published', 'retired'])
    const shown = await noticeForRequest(env.DB, await siteOf('ver-shop'), env, t0 + 80_000)
    expect(shown?.notices.en?.body).toEqual(templateNotice(sheet, 'en'))
  })

  it('a site that auto-publishes puts each new version in force at once', async () => {
    await createSite({ id: 'ver-auto', settings: { privacy: { autoPublish: true } } })
    const t0 = Date.UTC(2026, 0, 1)
    await writeNoticeVersion(env.DB, await siteOf('ver-auto'), env, t0)
    await call('/admin/sites/ver-auto', { key: ADMIN, method: 'PATCH', body: { consent_mode: 'cookieless' } })
    const again = await writeNoticeVersion(env.DB, await siteOf('ver-auto'), env, t0 + 1000)
    expect(again.status).toBe('published')
    expect((await noticesOf('ver-auto')).map((v) => v.status)).toEqual(['published', 'retired'])
  })

  it('a site without any notice gets the template version on its first request', async () => {
    await createSite({ id: 'ver-new' })
    const shown = await noticeForRequest(env.DB, await siteOf('ver-new'), env, Date.UTC(2026, 0, 1))
    expect(shown?.status).toBe('published')
    expect(Object.keys(shown!.notices).sort()).toEqual([
      'de',
      'en',
      'es',
      'fr',
      'it',
      'ja',
      'ko',
      'pt',
      'zh-CN',
      'zh-TW',
    ])
  })

  it('refuses unknown versions and other sites’ keys', async () => {
    await createSite({ id: 'ver-other' })
    const key = await createKey('ver-other', ['admin'])
    const missing = await call(
      '/admin/sites/ver-other/privacy/notices/000000000000-20260101T000000Z/publish',
      {
        key,
        method: 'POST',
      },
    )
    expect(missing.status).toBe(404)
    expect((await call('/admin/sites/ver-shop/privacy/notices', { key })).status).toBe(403)
    expect((await call('/admin/sites/ver-other/privacy/diff?from=x&to=y', { key })).status).toBe(400)
  })
})

describe('the consent log names the notice in force at each decision', () => {
  it('records the published version, and the next one after a publish', async () => {
    await createSite({ id: 'shop', settings: { privacy: { autoPublish: true } } })
    const t0 = Date.now()
    const before = crypto.randomUUID()
    // No notice yet: the decision is logged without one.
    expect((await postConsent(consentBody({ consent_id: before }))).status).toBe(201)
    const v1 = await writeNoticeVersion(env.DB, await siteOf('shop'), env, t0)
    const id = crypto.randomUUID()
    await postConsent(consentBody({ consent_id: id }))
    await call('/admin/sites/shop', { key: ADMIN, method: 'PATCH', body: { retention_days: 30 } })
    const v2 = await writeNoticeVersion(env.DB, await siteOf('shop'), env, t0 + 1000)
    expect(v2.status).toBe('published')
    await postConsent(consentBody({ consent_id: id, action: 'change', marketing: false }))

    expect(await logOf(before)).toEqual([{ action: 'grant', notice_version: null }])
    expect(await logOf(id)).toEqual([
      { action: 'grant', notice_version: v1.version },
      { action: 'change', notice_version: v2.version },
    ])
    const key = await createKey('shop', ['read'])
    const listed = await call('/sites/shop/consent?period=7d', { key })
    expect(listed.json.data.map((r: { notice_version: string | null }) => r.notice_version)).toContain(
      v2.version,
    )
  })
})
