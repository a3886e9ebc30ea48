import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { banner, d1, eventually, expect, exportOf, quote, test, type VisitorIds } from './consent-fixtures'
import { VISITOR_UA } from './helpers/snippet'

// The visitor credential in real browsers: the visitor's own browser exports and deletes their data
// from the settings; another browser that learnt only the visitor id is refused on every route that
// acts on it.

test.describe.configure({ timeout: 120_000 })
test.use({ viaRecorder: false, acceptDownloads: true })

const PAGE = '/test/consent/page.html'

/** The ids heed.js stored once the visitor accepted. */
const storedIds = (page: Page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 100 && !localStorage.getItem('heed_id'); i++)
      await new Promise((r) => setTimeout(r, 100))
    return JSON.parse(localStorage.getItem('heed_id') as string) as VisitorIds
  })

const boundCredentials = (vid: string) =>
  d1<{ n: number }>(
    `SELECT count(*) AS n FROM visitor_credentials WHERE site_id = 'demo' AND vid = ${quote(vid)}`,
  )[0]!.n

test('a visitor exports and deletes their own data; a browser that knows only their id gets 403 on both', async ({
  page,
  browser,
  request,
}) => {
  await page.goto(PAGE)
  await banner(page).getByRole('button', { name: 'Accept all' }).click()
  const ids = await storedIds(page)
  expect(ids.k).toMatch(/^[0-9a-f-]{72}$/)
  // The grant reached the worker with the secret, which bound it; the pageview is stored.
  await eventually(() => boundCredentials(ids.v)).toBe(1)
  await eventually(async () => (await exportOf(request, ids)).tables.events!.length).toBe(1)

  // Another browser (its own storage) on the same site, knowing the visitor id and nothing else.
  const other = await browser.newContext({ userAgent: VISITOR_UA })
  const stranger = await other.newPage()
  await stranger.goto(PAGE)
  const attempts = await stranger.evaluate(async (vid) => {
    const ask = async (path: string, method: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`/me/${path}?site=demo`, {
        method,
        headers: { 'x-heed-visitor': vid, ...headers },
      })
      return [path, res.status, ((await res.json()) as { error?: { code: string } }).error?.code]
    }
    const guess = { 'x-heed-secret': `${crypto.randomUUID()}${crypto.randomUUID()}` }
    const withdraw = await fetch('/consent', {
      method: 'POST',
      body: JSON.stringify({
        site: 'demo',
        consent_id: crypto.randomUUID(),
        action: 'withdraw',
        analytics: false,
        marketing: false,
        source: 'banner',
        vid,
      }),
    })
    return [
      await ask('export', 'GET'),
      await ask('delete', 'POST'),
      await ask('export', 'GET', guess),
      await ask('delete', 'POST', guess),
      ['consent', withdraw.status, ((await withdraw.json()) as { error?: { code: string } }).error?.code],
    ]
  }, ids.v)
  await other.close()
  expect(attempts).toEqual([
    ['export', 403, 'visitor_secret_required'],
    ['delete', 403, 'visitor_secret_required'],
    ['export', 403, 'visitor_secret_mismatch'],
    ['delete', 403, 'visitor_secret_mismatch'],
    ['consent', 403, 'visitor_secret_required'],
  ])
  expect((await exportOf(request, ids)).tables.events, 'nothing was erased').toHaveLength(1)

  // The visitor's own browser: Download my data, then Delete my data, from the settings.
  await page.click('#prefs')
  const dialog = banner(page)
  await expect(dialog.getByText(ids.v)).toBeVisible()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download my data' }).click(),
  ])
  const text = readFileSync((await download.path())!, 'utf8')
  const data = JSON.parse(text)
  expect(data).toMatchObject({ site: 'demo', visitor_id: ids.v })
  expect(data.tables.events).toHaveLength(1)
  expect(data.tables.events[0]).toMatchObject({ vid: ids.v, type: 'pageview' })
  // The credential is listed as kept, without its hash; the secret is in no answer.
  expect(data.tables.visitor_credentials).toEqual([
    { site_id: 'demo', vid: ids.v, bound_at: expect.any(Number) },
  ])
  expect(text).not.toContain(ids.k)
  await dialog.getByRole('button', { name: 'Delete my data' }).click()
  await expect(dialog.getByRole('status')).toHaveText('Your data has been deleted.')
  expect(Object.values((await exportOf(request, ids)).tables).flat()).toEqual([])
  expect(boundCredentials(ids.v)).toBe(0)
})
