import type { Page } from '@playwright/test'
import type { Envelope } from '../worker/src/protocol'
import {
  banner,
  consentLog,
  eventually,
  expect,
  exportOf,
  leave,
  ready,
  rowsMentioning,
  storage,
  test,
} from './consent-fixtures'

// The behaviour matrix (consent.md §5.2) through Heed's own banner, in the default opt-in mode.
// The recorder counts every /collect request, including beacons sent while a page unloads.

test.describe.configure({ timeout: 240_000 })

const PAGE = '/test/consent/page.html'
const collects = (r: { requests: { body: Envelope }[] }) => r.requests.map((q) => q.body)

test('A. no choice yet: the banner asks, nothing is sent or stored, and Escape, scrolling and outside clicks grant nothing', async ({
  page,
  recorder,
}) => {
  await page.goto(PAGE)
  const dialog = banner(page)
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAccessibleName('Your privacy choices')
  await expect(dialog.getByRole('button', { name: 'Accept all' })).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Reject all' })).toBeVisible()
  await expect(dialog.getByRole('link', { name: 'Privacy policy' })).toHaveAttribute(
    'href',
    '/test/consent/privacy.html',
  )
  await page.mouse.wheel(0, 2000)
  await page.click('#filler', { force: true })
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.waitForTimeout(1500)
  expect(await page.evaluate(() => (window as unknown as { heed: unknown }) && localStorage.length)).toBe(0)
  await leave(page)
  await page.waitForTimeout(500)
  expect(collects(recorder)).toEqual([])
})

test('B. reject all: no event is ever sent; the refusal is remembered and logged as proof', async ({
  page,
  recorder,
}) => {
  await page.goto(PAGE)
  await banner(page).getByRole('button', { name: 'Reject all' }).click()
  await expect(banner(page)).toBeHidden()
  const { heed_consent: choice } = await storage(page)
  expect(choice).toMatchObject({ s: 'denied', ver: '1' })
  expect(Object.keys(await storage(page)).sort()).toEqual(['heed_cl', 'heed_consent'])
  await eventually(() => consentLog(choice.id).length).toBe(1)
  expect(consentLog(choice.id)).toEqual([
    {
      action: 'deny',
      analytics: 0,
      marketing: 0,
      source: 'banner',
      gpc: 0,
      banner_version: '1',
      locale: 'en',
    },
  ])
  // A second page: no banner (the refusal stands), still nothing sent.
  await page.goto(PAGE)
  await ready(page)
  await page.waitForTimeout(1000)
  await expect(banner(page)).toHaveCount(0)
  await leave(page)
  await page.waitForTimeout(500)
  expect(collects(recorder)).toEqual([])
})

test('C/D/E. accept, change to analytics only, withdraw: each logged; withdrawal deletes every row about the visitor', async ({
  page,
  recorder,
  request,
}) => {
  await page.goto(PAGE)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  // The pageview held in memory goes out once consent is given on this page.
  const [pageview] = await recorder.waitFor(1, 'pageview')
  const first = collects(recorder)[0]!
  expect(first.consent).toMatchObject({ analytics: true, marketing: true })
  const vid = first.vid as string
  const { heed_consent: choice, heed_id: ids } = await storage(page)
  expect(first.consent.id).toBe(choice.id)
  expect(ids.v).toBe(vid)
  const stored = async () => {
    const data = await exportOf(request, ids)
    return {
      events: data.tables.events!.map((e) => e.id),
      marketing: data.tables.consent_state!.map((s) => s.marketing),
    }
  }
  await eventually(stored).toEqual({ events: [pageview!.id], marketing: [1] })

  // Change: the footer link reopens the settings showing the current choice.
  await page.click('#prefs')
  const dialog = banner(page)
  await expect(dialog.getByRole('checkbox', { name: /Analytics/ })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: /Marketing profiles/ })).toBeChecked()
  await expect(dialog.getByText(vid)).toBeVisible()
  await dialog.getByRole('checkbox', { name: /Marketing profiles/ }).uncheck()
  await dialog.getByRole('button', { name: 'Save choices' }).click()
  await expect(dialog).toBeHidden()
  await eventually(stored).toEqual({ events: [pageview!.id], marketing: [0] })

  // Withdraw: as easy as accepting — reopen, Reject all.
  await page.click('#prefs')
  await dialog.getByRole('button', { name: 'Reject all' }).click()
  await eventually(stored).toEqual({ events: [], marketing: [] })
  expect(rowsMentioning(vid), 'no row about the visitor remains in any table').toEqual({})
  expect(consentLog(choice.id).map((r) => [r.action, r.analytics, r.marketing])).toEqual([
    ['grant', 1, 1],
    ['change', 1, 0],
    ['withdraw', 0, 0],
  ])
  const after = await storage(page)
  expect(after.heed_id).toBeUndefined()
  expect(after.heed_consent).toMatchObject({ s: 'withdrawn' })
  const sent = collects(recorder).length
  await page.click('#before')
  await leave(page)
  await page.waitForTimeout(1000)
  expect(collects(recorder).length, 'nothing is sent after a withdrawal').toBe(sent)
  expect(collects(recorder).every((e) => e.vid === vid || e.vid === undefined)).toBe(true)
})

test('C. analytics only through Settings: events flow without marketing, and identify is never sent', async ({
  page,
  recorder,
}) => {
  await page.goto(PAGE)
  const dialog = banner(page)
  await dialog.getByRole('button', { name: 'Settings' }).click()
  await expect(dialog.getByRole('checkbox', { name: /Analytics/ })).not.toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: /Marketing profiles/ })).not.toBeChecked()
  await dialog.getByRole('checkbox', { name: /Analytics/ }).check()
  await dialog.getByRole('button', { name: 'Save choices' }).click()
  await page.evaluate(() =>
    (window as unknown as { heed: (...a: unknown[]) => void }).heed('identify', 'user-1'),
  )
  await leave(page)
  await recorder.waitFor(1, 'pageview')
  for (const envelope of collects(recorder))
    expect(envelope.consent).toMatchObject({ analytics: true, marketing: false })
  expect(recorder.delivered().filter((e) => e.type === 'identify')).toEqual([])
})

test('a new banner version asks again; the privacy policy page never shows the banner', async ({ page }) => {
  await page.goto(PAGE)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  await page.goto(PAGE)
  await ready(page)
  await page.waitForTimeout(800)
  await expect(banner(page)).toHaveCount(0)
  await page.goto('/test/consent/page-v2.html')
  await expect(banner(page)).toBeVisible()
  await page.evaluate(() => localStorage.clear())
  await page.goto('/test/consent/privacy.html')
  await ready(page)
  await page.waitForTimeout(1000)
  await expect(banner(page)).toHaveCount(0)
})

test.describe('a crawler', () => {
  test.use({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })
  test('never sees the banner', async ({ page }) => {
    await page.goto(PAGE)
    await page.waitForTimeout(1500)
    await expect(banner(page)).toHaveCount(0)
  })
})

// A later page with a stored choice does not load the consent chunk; what the page does there must still work.
test.describe('a later page, where a choice is already stored', () => {
  /** Accepts on a first page, then opens a second one: no banner, and no consent chunk loaded. */
  const acceptThenReturn = async (page: Page) => {
    await page.goto(PAGE)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    await page.goto(PAGE)
    await ready(page)
    await page.waitForTimeout(800)
    expect(await chunkScripts(page), 'the consent chunk is not loaded').toBe(0)
  }
  const chunkScripts = (page: Page) =>
    page.evaluate(() => document.querySelectorAll('script[src$="/heed-consent.js"]').length)

  test('a withdrawal through heed("consent") reaches POST /consent and erases the visitor', async ({
    page,
    recorder,
    request,
  }) => {
    await acceptThenReturn(page)
    const { heed_consent: choice, heed_id: ids } = await storage(page)
    const vid = ids.v as string
    const events = async () => (await exportOf(request, ids)).tables.events!
    // The first page's events are stored before the withdrawal, so the erase has something to erase.
    await eventually(
      async () => (await events()).filter((e) => e.type === 'pageview').length,
    ).toBeGreaterThan(0)
    expect(collects(recorder).every((e) => e.vid === vid)).toBe(true)

    await page.evaluate(() =>
      (window as unknown as { heed: (...a: unknown[]) => void }).heed('consent', {
        analytics: false,
        marketing: false,
      }),
    )
    await eventually(() =>
      consentLog(choice.id).map((r) => [r.action, r.analytics, r.marketing, r.source]),
    ).toEqual([
      ['grant', 1, 1, 'banner'],
      ['withdraw', 0, 0, 'api'],
    ])
    await eventually(events).toEqual([])
    await page.waitForTimeout(1500)
    expect(await events(), 'nothing arrives after the erase').toEqual([])
    expect(rowsMentioning(vid), 'no row about the visitor remains in any table').toEqual({})
    const after = await storage(page)
    expect(after.heed_id).toBeUndefined()
    expect(after.heed_consent).toMatchObject({ s: 'withdrawn', id: choice.id })
    expect(after.heed_cl).toEqual({ id: choice.id, s: 'withdrawn' })
    // Reloading and repeating the same state logs nothing more.
    await page.reload()
    await ready(page)
    await page.evaluate(() =>
      (window as unknown as { heed: (...a: unknown[]) => void }).heed('consent', { analytics: false }),
    )
    await page.waitForTimeout(1500)
    expect(consentLog(choice.id)).toHaveLength(2)
  })

  test('a [data-heed-preferences] link opens the settings showing the current choice', async ({ page }) => {
    await acceptThenReturn(page)
    await page.click('#prefs')
    const dialog = banner(page)
    await expect(dialog.getByRole('checkbox', { name: /Analytics/ })).toBeChecked()
    await expect(dialog.getByRole('checkbox', { name: /Marketing profiles/ })).toBeChecked()
    expect(new URL(page.url()).hash, 'the link’s own navigation is prevented').toBe('')
  })

  test('heed("forget") also removes the consent log record', async ({ page }) => {
    await acceptThenReturn(page)
    expect(Object.keys(await storage(page)).sort()).toEqual(['heed_cl', 'heed_consent', 'heed_id'])
    await page.evaluate(() => (window as unknown as { heed: (...a: unknown[]) => void }).heed('forget'))
    expect(await storage(page)).toEqual({})
  })

  test.describe('with data-preferences-button', () => {
    test.use({ heedOptions: { preferencesButton: '' } })
    test('the floating button is shown', async ({ page }) => {
      await page.goto(PAGE)
      await banner(page).getByRole('button', { name: 'Accept all' }).click()
      await page.goto(PAGE)
      await page.getByRole('button', { name: 'Privacy settings' }).click()
      await expect(banner(page).getByRole('checkbox', { name: /Analytics/ })).toBeChecked()
    })
  })
})
