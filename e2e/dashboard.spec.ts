import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { type APIRequestContext, type Browser, test as base, expect, type Page } from '@playwright/test'
import { root } from '../scripts/lib/local.mjs'
import { e2ePort } from './helpers/d1'
import { acceptConsent, cartBadge, fillCheckout } from './helpers/shop'
import { type VisitorBrowserFixtures, visitorBrowser } from './helpers/snippet'

// The marketer dashboard (/dashboard/) in Chromium, on the demo site after a scripted shopping
// session: three visitors in their own browsers, one buys, one leaves a full cart, one only looks.
// Every figure the dashboard shows is compared with the API's answer for the same question.

const test = base.extend<{ pageErrors: string[] }, VisitorBrowserFixtures>({
  ...visitorBrowser,
  // Console errors, page errors and Content-Security-Policy refusals (public/_headers) fail the test;
  // the wrong key's 401 is the one failed request a test makes on purpose.
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text())
      })
      page.on('pageerror', (e) => errors.push(e.message))
      await use(errors)
      expect(errors).toEqual([])
    },
    { auto: true },
  ],
})
test.describe.configure({ mode: 'serial', timeout: 180_000 })
test.use({ locale: 'en-GB', timezoneId: 'America/New_York' })

const KEY = readFileSync(join(root, '.wrangler', `e2e-state-${e2ePort}`, 'demo-read-key'), 'utf8').trim()
const CHECKOUT = ['event==view_item', 'event==add_to_cart', 'event==begin_checkout', 'event==purchase']
/** What the three shoppers add to each step of the checkout funnel (visits). */
const SCRIPTED = [3, 2, 1, 1]
const PRODUCT = '/demo/product/oak-board/'

const api = async <T = any>(request: APIRequestContext, path: string) => {
  const res = await request.get(`/api/v1/sites/demo${path}`, { headers: { authorization: `Bearer ${KEY}` } })
  expect(res.status(), path).toBe(200)
  return (await res.json()) as T
}
const funnelCounts = async (request: APIRequestContext) =>
  (
    await api<{ steps: { count: number }[] }>(
      request,
      `/funnels?period=7d&${CHECKOUT.map((s) => `step=${encodeURIComponent(s)}`).join('&')}`,
    )
  ).steps.map((s) => s.count)

/** One visitor in a browser of their own: consent, a product, then as far as `goal`. Returns their visitor id. */
async function shopper(browser: Browser, baseURL: string, goal: 'buy' | 'cart' | 'look') {
  const context = await browser.newContext({ baseURL })
  const page = await context.newPage()
  await page.goto('/demo/')
  await acceptConsent(page)
  await page.goto(PRODUCT)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  if (goal !== 'look') {
    await page.getByTestId('add-to-cart').click()
    await expect(cartBadge(page)).toHaveText('1')
  }
  if (goal === 'buy') {
    await page.goto('/demo/checkout/')
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout')
    await fillCheckout(page)
    await page.getByTestId('place-order').click()
    await expect(page).toHaveURL(/\/demo\/thank-you\//)
    await expect(page.locator('[data-order-id]')).toHaveText(/^FW-/)
  }
  const vid = await page.evaluate(() => JSON.parse(localStorage.getItem('heed_id') ?? '{}').v as string)
  // Leaving flushes the last batch with a beacon.
  await page.goto('about:blank')
  await context.close()
  return vid
}

let baseline: number[] = []
let buyer = ''

test.beforeAll(async ({ browser, request }, testInfo) => {
  testInfo.setTimeout(240_000)
  const baseURL = testInfo.project.use.baseURL as string
  baseline = await funnelCounts(request)
  buyer = await shopper(browser, baseURL, 'buy')
  await shopper(browser, baseURL, 'cart')
  await shopper(browser, baseURL, 'look')
  // The queue consumer stores the events within seconds.
  await expect
    .poll(async () => (await funnelCounts(request)).map((c, i) => c - baseline[i]!), { timeout: 30_000 })
    .toEqual(SCRIPTED)
  // The cron: rollups, then profiles and personas of the visitors who allowed marketing.
  expect((await request.get('/__scheduled?cron=*/15+*+*+*+*')).status()).toBe(200)
  await expect.poll(async () => (await api(request, '/profiles/summary')).personas.length).toBeGreaterThan(0)
})

async function signIn(page: Page, search = '') {
  await page.goto(`/dashboard/${search}`)
  await page.getByLabel('API key').fill(KEY)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
}

/** Waits until no card is loading. */
const settled = (page: Page) => expect(page.locator('[aria-busy="true"]')).toHaveCount(0)

const gb = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const eur = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' })

test('a wrong key gets a clear message; the right one signs in, stays out of the URL and signing out forgets it', async ({
  page,
}) => {
  await page.goto('/dashboard/')
  await page.getByLabel('API key').fill('heed_AAAAAAAA_wrongwrongwrongwrongwrongwrongwr')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText(
    'This key was not accepted. Check that you pasted all of it (it starts with heed_) and that it has not been revoked.',
  )
  await expect(page.getByLabel('API key')).toHaveAttribute('aria-invalid', 'true')
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0)

  await page.getByLabel('API key').fill(KEY)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  expect(page.url()).not.toContain(KEY)
  await expect(page).toHaveURL(/[?&]site=demo(&|$)/)
  // The tab keeps the key and the sites it reads; localStorage and cookies keep nothing.
  const stored = await page.evaluate(() => ({ ...sessionStorage }))
  expect(Object.keys(stored).sort()).toEqual(['heed_dashboard_key', 'heed_dashboard_sites'])
  expect(stored.heed_dashboard_key).toBe(KEY)
  expect(JSON.parse(stored.heed_dashboard_sites ?? '[]').map((s: { id: string }) => s.id)).toEqual(['demo'])
  expect(await page.evaluate(() => localStorage.length + document.cookie.length)).toBe(0)
  // A reload keeps the session (the tab's sessionStorage), without asking again.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByLabel('API key')).toBeVisible()
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
})

test("the overview shows the API's numbers for the same period, and one chart point per bucket", async ({
  page,
  request,
}) => {
  await signIn(page)
  await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption({ label: 'Last 7 days' })
  await expect(page).toHaveURL(/[?&]period=7d(&|$)/)
  await settled(page)
  const agg = await api(request, '/stats/aggregate?period=7d')
  for (const m of [
    'visitors',
    'pageviews',
    'visits',
    'bounce_rate',
    'visit_duration',
    'conversions',
    'revenue',
  ]) {
    await expect(page.locator(`[data-metric="${m}"]`), m).toHaveAttribute(
      'data-value',
      String(agg.results[m].value),
    )
  }
  await expect(page.locator('[data-metric="visitors"] .stat-value')).toHaveText(
    gb.format(agg.results.visitors.value),
  )
  await expect(page.locator('[data-metric="revenue"] .stat-value')).toHaveText(
    eur.format(agg.results.revenue.value),
  )
  expect(agg.results.conversions.value).toBeGreaterThanOrEqual(1)

  const live = await api(request, '/stats/live')
  expect(live.visitors).toBeGreaterThanOrEqual(3)
  await expect(page.locator('.live')).toHaveAttribute('data-live', /^\d+$/)

  // Days: one point per bucket of the timeseries, and the data table behind the chart says the same.
  const series = await api(request, '/stats/timeseries?period=7d&interval=day')
  const chart = page.locator('figure.chart').first()
  await expect(chart).toHaveAttribute('data-points', String(series.data.length))
  expect(series.data).toHaveLength(7)
  await chart.locator('summary').click()
  const rows = chart.locator('tbody tr')
  await expect(rows).toHaveCount(series.data.length)
  expect(await rows.locator('td:nth-child(2)').allTextContents()).toEqual(
    series.data.map((d: { visitors: number }) => gb.format(d.visitors)),
  )
  // The plot itself draws from the same points.
  await expect(chart.locator('canvas')).toHaveCount(1)

  // Today: one point per local hour of the site's day.
  await page.getByRole('combobox', { name: 'Period', exact: true }).selectOption({ label: 'Today' })
  await settled(page)
  const hours = await api(request, '/stats/timeseries?period=today&interval=hour')
  await expect(page.locator('figure.chart').first()).toHaveAttribute('data-points', String(hours.data.length))
  expect(hours.data.length).toBeGreaterThanOrEqual(23)
})

test('clicking a top page filters every card, and the URL says so', async ({ page, request }) => {
  await signIn(page, '?period=7d')
  await settled(page)
  const pages = page.getByRole('region', { name: 'Pages', exact: true })
  const calls: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/')) calls.push(decodeURIComponent(r.url()))
  })
  await pages.getByRole('button', { name: PRODUCT, exact: true }).click()
  const filter = `page==${PRODUCT}`
  await expect(page).toHaveURL(new RegExp(`[?&]filter=${encodeURIComponent(filter)}(&|$)`))
  await expect(page.locator('.chip')).toHaveText([`Page is ${PRODUCT}×`])
  await settled(page)

  // Every card asked again, with the filter.
  const after = calls.filter((u) => u.includes('/stats/'))
  const asked = (part: string) => after.filter((u) => u.includes(part))
  for (const part of [
    '/stats/aggregate',
    '/stats/timeseries',
    'dimension=page',
    'dimension=source',
    'dimension=country',
    'dimension=device',
  ])
    expect(asked(part).length, part).toBeGreaterThan(0)
  for (const u of after) expect(u, u).toContain(`filter=${filter}`)

  const agg = await api(request, `/stats/aggregate?period=7d&filter=${encodeURIComponent(filter)}`)
  await expect(page.locator('[data-metric="visitors"]')).toHaveAttribute(
    'data-value',
    String(agg.results.visitors.value),
  )
  const top = await api(
    request,
    `/stats/breakdown?period=7d&dimension=page&filter=${encodeURIComponent(filter)}`,
  )
  expect(
    await pages.locator('tbody .row-filter').evaluateAll((b) => b.map((x) => x.getAttribute('data-value'))),
  ).toEqual(top.data.slice(0, 10).map((r: { value: string }) => r.value))

  // The view can be shared: the same URL in a new session shows the same filter.
  await page.getByRole('button', { name: `Remove filter: Page is ${PRODUCT}` }).click()
  await expect(page).not.toHaveURL(/filter=/)
  await expect(page.locator('.chip')).toHaveCount(0)
})

test('the checkout funnel shows the scripted drop-off', async ({ page, request }) => {
  await signIn(page, '?period=7d')
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Funnels' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Funnels' })).toBeFocused()
  await expect(page.getByRole('button', { name: 'Shop checkout' })).toHaveAttribute('aria-pressed', 'true')
  await settled(page)
  const steps = page.locator('.funnel-steps li')
  await expect(steps).toHaveCount(4)
  const counts = await steps.evaluateAll((l) => l.map((x) => Number(x.getAttribute('data-count'))))
  expect(counts.map((c, i) => c - baseline[i]!)).toEqual(SCRIPTED)
  expect(counts).toEqual(await funnelCounts(request))
  const drops = await steps.evaluateAll((l) => l.map((x) => Number(x.getAttribute('data-dropoff'))))
  expect(drops).toEqual([0, counts[0]! - counts[1]!, counts[1]! - counts[2]!, counts[2]! - counts[3]!])
  await expect(page.locator('figure.chart')).toHaveAttribute('data-points', '4')
  expect(page.url()).not.toContain('step=')

  // A funnel of one's own: the steps go to the URL, and the answer is the API's.
  await page.getByLabel('Step 3 value').fill('add_to_cart')
  await page.getByLabel('Step 3 kind').selectOption({ label: 'Event is' })
  await page.getByRole('button', { name: 'Remove step 4' }).click()
  await page.getByLabel('Step 1 kind').selectOption({ label: 'Page is' })
  await page.getByLabel('Step 1 value').fill(PRODUCT)
  await page.getByLabel('Step 2 value').fill('begin_checkout')
  await page.getByRole('button', { name: 'Show funnel' }).click()
  await expect(page).toHaveURL(
    /step=page%3D%3D%2Fdemo%2Fproduct%2Foak-board%2F&step=event%3D%3Dbegin_checkout/,
  )
  await settled(page)
  const own = await api(
    request,
    `/funnels?period=7d&step=${encodeURIComponent(`page==${PRODUCT}`)}&step=event%3D%3Dbegin_checkout&step=event%3D%3Dadd_to_cart`,
  )
  expect(await steps.evaluateAll((l) => l.map((x) => Number(x.getAttribute('data-count'))))).toEqual(
    own.steps.map((s: { count: number }) => s.count),
  )
})

test("the audience shows personas, and a profile opens the visitor's timeline", async ({ page, request }) => {
  await signIn(page)
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Audience' }).click()
  await settled(page)
  const summary = await api(request, '/profiles/summary')
  await expect(page.locator('.persona h3')).toHaveText(summary.personas.map((p: { name: string }) => p.name))
  // The buyer is somewhere in the profile list; page until it shows.
  const link = page.locator(`[data-vid="${buyer}"]`)
  for (let i = 0; i < 20 && !(await link.isVisible()); i++) {
    await page.getByRole('button', { name: 'Next page' }).click()
    await settled(page)
  }
  await link.click()
  await expect(page).toHaveURL(new RegExp(`[?&]vid=${buyer}(&|$)`))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Visitor ${buyer.slice(0, 8)}…`)
  await settled(page)
  const timeline = await api(request, `/visitors/${buyer}`)
  await expect(page.locator('.timeline li')).toHaveCount(timeline.events.length)
  await expect(page.locator('.timeline li[data-type="purchase"]')).toHaveCount(1)
  await expect(page.getByRole('table', { name: 'Orders of this visitor' }).locator('tbody th')).toHaveText([
    timeline.orders[0].order_id,
  ])
  await expect(page.locator('[data-metric="lifecycle"] .stat-value')).toHaveText(
    timeline.profile.lifecycle.replaceAll('_', ' '),
  )
  await page.getByRole('button', { name: 'Back to the audience' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audience' })).toBeVisible()
})

const VIEWS = [
  ['overview', 'Overview'],
  ['funnels', 'Funnels'],
  ['revenue', 'Revenue'],
  ['search', 'Site search'],
  ['audience', 'Audience'],
  ['quality', 'Consent & data quality'],
] as const

async function seriousViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

test('axe finds no serious violations on any view, in light and dark, at 1280 and 375 px', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000)
  const problems: string[] = []
  await page.goto('/dashboard/')
  problems.push(...(await seriousViolations(page, 'sign-in')))
  await signIn(page, '?period=7d')
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    for (const [view, heading] of VIEWS) {
      await page.goto(`/dashboard/?site=demo&period=7d&view=${view}`)
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
      await settled(page)
      problems.push(...(await seriousViolations(page, `${view} (${scheme})`)))
    }
    await page.goto(`/dashboard/?site=demo&view=audience&vid=${buyer}`)
    await settled(page)
    problems.push(...(await seriousViolations(page, `visitor timeline (${scheme})`)))
  }
  await page.emulateMedia({ colorScheme: 'light' })
  // Screenshots for docs/dashboard.md: kept as test artifacts, and copied there when asked.
  const docs = process.env.HEED_DASHBOARD_SCREENSHOTS === '1' ? join(root, 'docs', 'dashboard') : null
  if (docs) mkdirSync(docs, { recursive: true })
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 })
    for (const view of ['overview', 'funnels', 'audience']) {
      await page.goto(`/dashboard/?site=demo&period=7d&view=${view}`)
      await settled(page)
      await expect(page.locator('figure.chart canvas').first()).toBeVisible()
      if (width === 375) problems.push(...(await seriousViolations(page, `${view} at 375 px`)))
      // Nothing but tables may scroll sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      const file = testInfo.outputPath(`dashboard-${view}-${width}.png`)
      await page.screenshot({ path: file, fullPage: true })
      await testInfo.attach(`${view} at ${width} px`, { path: file, contentType: 'image/png' })
      if (docs) copyFileSync(file, join(docs, `${view}-${width}.png`))
    }
  }
  expect(problems).toEqual([])
})
