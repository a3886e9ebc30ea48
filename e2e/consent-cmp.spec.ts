import type { Envelope } from '../worker/src/protocol'
import {
  banner,
  consentLog,
  eventually,
  expect,
  exportOf,
  leave,
  ready,
  storage,
  test,
} from './consent-fixtures'
import { d1Query, sqlString } from './helpers/d1'
import type { Recorder } from './helpers/recorder'

// An existing CMP drives Heed's gate instead of Heed's banner: a stub IAB TCF v2.2 CMP and Google
// Consent Mode in dataLayer. Opt-out preference signals (GPC) turn marketing off.

test.describe.configure({ timeout: 240_000 })

const collects = (r: { requests: { body: Envelope }[] }) => r.requests.map((q) => q.body)
type Win = {
  __tcfTest: { decide(c: Record<number, boolean>, status?: string, gdpr?: boolean): void }
  gtag(...a: unknown[]): void
}

/** A first visit on which the visitor presses Accept all: their stored choice and visitor id. */
async function acceptAll(page: import('@playwright/test').Page, recorder: Recorder) {
  await page.goto('/test/consent/page.html')
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await recorder.waitFor(1, 'pageview')
  const { heed_consent: choice } = await storage(page)
  expect(choice.s).toBe('marketing')
  return { choice, vid: collects(recorder)[0]!.vid! }
}
const track = (page: import('@playwright/test').Page, name: string) =>
  page.evaluate((n) => (window as unknown as { heed: (...a: unknown[]) => void }).heed('track', n), name)

test('TCF: no banner; unknown until the CMP decides; purposes map to analytics and marketing; the CMP keeps storage', async ({
  page,
  recorder,
}) => {
  await page.goto('/test/consent/tcf.html')
  await ready(page)
  await page.waitForTimeout(2500)
  await expect(banner(page)).toHaveCount(0)
  expect(collects(recorder)).toEqual([])

  await page.evaluate(() => (window as unknown as Win).__tcfTest.decide({ 1: true, 8: true }))
  const [pageview] = await recorder.waitFor(1, 'pageview')
  expect(collects(recorder)[0]!.consent).toMatchObject({ analytics: true, marketing: false })
  await page.evaluate(() =>
    (window as unknown as Win).__tcfTest.decide({ 1: true, 3: true, 4: true, 8: true }),
  )
  await track(page, 'after marketing')
  await leave(page)
  await recorder.waitFor(1, 'custom')
  const withCustom = collects(recorder).find((e) => e.events.some((x) => x.type === 'custom'))!
  expect(withCustom.consent).toMatchObject({ analytics: true, marketing: true })
  expect(collects(recorder)[0]!.events).toEqual([pageview])

  await page.goto('/test/consent/tcf.html')
  const { heed_consent: choice, heed_cl: logged } = await storage(page)
  expect(choice, 'the CMP owns the choice; Heed writes no choice record').toBeUndefined()
  await eventually(() =>
    consentLog(logged.id).map((r) => [r.action, r.analytics, r.marketing, r.source]),
  ).toEqual([
    ['grant', 1, 0, 'cmp:tcf'],
    ['change', 1, 1, 'cmp:tcf'],
  ])
})

test('TCF: gdprApplies false is not a grant, and a refusal sends nothing', async ({ page, recorder }) => {
  await page.goto('/test/consent/tcf.html')
  await ready(page)
  await page.evaluate(() =>
    (window as unknown as Win).__tcfTest.decide({ 1: true, 3: true, 4: true, 8: true }, 'tcloaded', false),
  )
  await page.evaluate(() => (window as unknown as Win).__tcfTest.decide({ 1: true }, 'useractioncomplete'))
  await track(page, 'refused')
  await leave(page)
  await page.waitForTimeout(1000)
  expect(collects(recorder)).toEqual([])
})

test.describe('data-cmp="none"', () => {
  test.use({ heedOptions: { cmp: 'none' } })
  test('ignores the CMP and shows Heed’s banner', async ({ page }) => {
    await page.goto('/test/consent/tcf.html')
    await expect(banner(page)).toBeVisible()
  })
})

test('Consent Mode: a default alone decides nothing; updates drive the state, a revoke withdraws and erases', async ({
  page,
  recorder,
  request,
}) => {
  await page.goto('/test/consent/gcm.html')
  await ready(page)
  await page.waitForTimeout(2500)
  await expect(banner(page)).toHaveCount(0)
  expect(collects(recorder)).toEqual([])

  await page.evaluate(() =>
    (window as unknown as Win).gtag('consent', 'update', { analytics_storage: 'granted' }),
  )
  await recorder.waitFor(1, 'pageview')
  const first = collects(recorder)[0]!
  expect(first.consent).toMatchObject({ analytics: true, marketing: false })
  const { heed_id: ids } = await storage(page)
  expect(ids.v).toBe(first.vid)
  await page.evaluate(() =>
    (window as unknown as Win).gtag('consent', 'update', {
      ad_user_data: 'granted',
      ad_personalization: 'granted',
    }),
  )
  await eventually(async () =>
    (await exportOf(request, ids)).tables.consent_state!.map((s) => s.marketing),
  ).toEqual([1])
  await page.evaluate(() =>
    (window as unknown as Win).gtag('consent', 'update', { analytics_storage: 'denied' }),
  )
  await eventually(async () => Object.values((await exportOf(request, ids)).tables).flat().length).toBe(0)
  const { heed_cl: logged } = await storage(page)
  expect(consentLog(logged.id).map((r) => [r.action, r.source])).toEqual([
    ['grant', 'cmp:gcm'],
    ['change', 'cmp:gcm'],
    ['withdraw', 'cmp:gcm'],
  ])
})

test.describe('data-emit-gcm', () => {
  test.use({ heedOptions: { emitGcm: '' } })
  test('Heed is the CMP: its banner shows despite the Consent Mode default, and the choice is mirrored', async ({
    page,
  }) => {
    await page.goto('/test/consent/gcm.html')
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    const last = await page.evaluate(() => {
      const dl = (window as unknown as { dataLayer: ArrayLike<unknown>[] }).dataLayer
      return Array.from(dl[dl.length - 1]!)
    })
    expect(last).toEqual([
      'consent',
      'update',
      {
        analytics_storage: 'granted',
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
      },
    ])
  })
})

test.describe('GPC on', () => {
  test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } })
  test('the banner still asks, but Accept all grants analytics only; the log records the signal', async ({
    page,
    recorder,
    request,
  }) => {
    await page.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    )
    await page.goto('/test/consent/page.html')
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await recorder.waitFor(1, 'pageview')
    for (const e of collects(recorder)) expect(e.consent.marketing).toBe(false)
    const { heed_consent: choice } = await storage(page)
    expect(choice.s).toBe('analytics')
    await eventually(() => consentLog(choice.id)).toEqual([
      expect.objectContaining({ action: 'grant', analytics: 1, marketing: 0, gpc: 1 }),
    ])
    const { heed_id: ids } = await storage(page)
    expect(ids.v).toBe(collects(recorder)[0]!.vid)
    await eventually(async () =>
      (await exportOf(request, ids)).tables.consent_state!.map((s) => s.marketing),
    ).toEqual([0])
  })
})

test('GPC off: Accept all grants marketing, logged without the flag', async ({ page, recorder }) => {
  await page.goto('/test/consent/page.html')
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await recorder.waitFor(1, 'pageview')
  expect(collects(recorder)[0]!.consent.marketing).toBe(true)
  const { heed_consent: choice } = await storage(page)
  await eventually(() => consentLog(choice.id)).toEqual([
    expect.objectContaining({ action: 'grant', analytics: 1, marketing: 1, gpc: 0 }),
  ])
})

test('GPC on a return visit: the stored marketing grant is capped, and the worker logs the downgrade', async ({
  page,
  recorder,
}) => {
  const { choice, vid } = await acceptAll(page, recorder)
  const state = () =>
    d1Query(
      `SELECT marketing, gpc, source FROM consent_state WHERE site_id = 'demo' AND vid = ${sqlString(vid)}`,
    )
  await eventually(state).toEqual([{ marketing: 1, gpc: 0, source: 'banner' }])

  // The visitor comes back with GPC on: the snippet caps the grant without sending a decision.
  await page.setExtraHTTPHeaders({ 'Sec-GPC': '1' })
  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  )
  await page.goto('/test/consent/page.html')
  await recorder.waitFor(2, 'pageview')
  // From the envelope with the second pageview on (the first page's pagehide flush may come before it).
  const all = collects(recorder)
  const returning = all.slice(all.findLastIndex((e) => e.events.some((x) => x.type === 'pageview')))
  for (const e of returning)
    expect(e).toMatchObject({ vid, consent: { analytics: true, marketing: false, gpc: true } })
  // The device's record follows what the worker logs: analytics, under the same consent id.
  const capped = await storage(page)
  expect(capped.heed_consent).toMatchObject({ s: 'analytics', id: choice.id })
  expect(capped.heed_cl).toEqual({ id: choice.id, s: 'analytics' })

  await eventually(() =>
    consentLog(choice.id).map((r) => [r.action, r.analytics, r.marketing, r.source, r.gpc]),
  ).toEqual([
    ['grant', 1, 1, 'banner', 0],
    ['gpc', 1, 0, 'gpc', 1],
  ])
  expect(state()).toEqual([{ marketing: 0, gpc: 1, source: 'gpc' }])

  // Later, without GPC, the visitor grants marketing again: a real change, logged as one.
  const later = await page.context().newPage()
  await later.goto('/test/consent/page.html')
  await ready(later)
  await later.evaluate(() =>
    (window as unknown as { heed: (...a: unknown[]) => void }).heed('consent', {
      analytics: true,
      marketing: true,
    }),
  )
  await eventually(() =>
    consentLog(choice.id).map((r) => [r.action, r.analytics, r.marketing, r.source, r.gpc]),
  ).toEqual([
    ['grant', 1, 1, 'banner', 0],
    ['gpc', 1, 0, 'gpc', 1],
    ['change', 1, 1, 'api', 0],
  ])
  await eventually(state).toEqual([{ marketing: 1, gpc: 0, source: 'api' }])
})

test('GPC seen only by the script (no Sec-GPC header): the envelope says so and the worker logs the downgrade', async ({
  page,
  recorder,
}) => {
  const { choice, vid } = await acceptAll(page, recorder)
  await eventually(() => consentLog(choice.id).map((r) => r.action)).toEqual(['grant'])

  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
  )
  await page.goto('/test/consent/page.html')
  await recorder.waitFor(2, 'pageview')
  await eventually(() =>
    consentLog(choice.id).map((r) => [r.action, r.analytics, r.marketing, r.source, r.gpc]),
  ).toEqual([
    ['grant', 1, 1, 'banner', 0],
    ['gpc', 1, 0, 'gpc', 1],
  ])
  expect(
    d1Query(`SELECT marketing, gpc FROM consent_state WHERE site_id = 'demo' AND vid = ${sqlString(vid)}`),
  ).toEqual([{ marketing: 0, gpc: 1 }])
})
