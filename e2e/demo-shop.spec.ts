import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { acceptConsent, cartBadge, fillCheckout } from './helpers/shop'

// The demo shop (public/demo) as a visitor uses it, under a strict Content-Security-Policy,
// with every console error, page error and failed same-origin request counted as a failure.

// Each test walks many pages; on a busy machine one page can take seconds.
test.describe.configure({ timeout: 120_000 })

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

interface Problems {
  list: string[]
}

/** Serves every demo page with a strict CSP and records what goes wrong on the page. */
async function watch(page: Page): Promise<Problems> {
  const problems: Problems = { list: [] }
  const origin = new URL(test.info().project.use.baseURL ?? '').origin
  await page.route('**/demo/**', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue()
    const response = await route.fetch()
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } })
  })
  // Records heed() calls, and still queues them like the shop's own stub so heed.js replays them.
  await page.addInitScript(() => {
    const calls: unknown[][] = []
    const w = window as unknown as {
      heed: { (...a: unknown[]): void; q?: unknown[] }
      __heedCalls: unknown[][]
    }
    w.__heedCalls = calls
    w.heed = function heedRecorder(...args: unknown[]) {
      calls.push(args)
      w.heed.q = w.heed.q || []
      // biome-ignore lint/complexity/noArguments: the snippet's queue holds the arguments object.
      w.heed.q.push(arguments)
    }
  })
  page.on('console', (m) => {
    if (m.type() === 'error') problems.list.push(`console error on ${page.url()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.list.push(`page error on ${page.url()}: ${e.message}`))
  page.on('response', (r) => {
    if (r.url().startsWith(origin) && r.status() >= 400) problems.list.push(`${r.status()} for ${r.url()}`)
  })
  page.on('requestfailed', (r) => {
    // ERR_ABORTED: the test navigated away while the request was in flight; not the shop's fault.
    const error = r.failure()?.errorText ?? ''
    if (r.url().startsWith(origin) && error !== 'net::ERR_ABORTED')
      problems.list.push(`request failed: ${r.url()} ${error}`)
  })
  return problems
}

type Ecommerce = {
  transaction_id?: string
  value: number
  currency: string
  items: Record<string, unknown>[]
}

const dataLayerEvents = (page: Page, event: string) =>
  page.evaluate(
    (name) =>
      ((window as unknown as { dataLayer: { event?: string; ecommerce?: unknown }[] }).dataLayer ?? [])
        .filter((e) => e.event === name)
        .map((e) => e.ecommerce),
    event,
  ) as Promise<Ecommerce[]>

const heedCalls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __heedCalls: unknown[][] }).__heedCalls)

test('a visitor browses, searches, fills a cart and buys; the shop reports each step', async ({ page }) => {
  const problems = await watch(page)

  await page.goto('/demo/')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('slow mornings')
  await expect(page.locator('[data-heed-preferences]').first()).toBeVisible()
  // Browsing alone writes nothing of the shop's to the device.
  expect(
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fernwood'))),
  ).toEqual([])
  await acceptConsent(page)

  await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Kitchen' }).click()
  await expect(page).toHaveURL(/\/demo\/category\/kitchen\/$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kitchen')
  await expect(page.locator('main .card')).toHaveCount(3)

  await page.getByRole('link', { name: /Cast-iron pan/ }).click()
  await expect(page).toHaveURL(/\/demo\/product\/cast-iron-pan\/$/)
  await expect(page).toHaveTitle(/Cast-iron pan/)
  expect(await dataLayerEvents(page, 'view_item')).toEqual([
    {
      currency: 'EUR',
      value: 48,
      items: [
        {
          item_id: 'cast-iron-pan',
          item_name: 'Cast-iron pan, 26 cm',
          item_category: 'Kitchen',
          price: 48,
          quantity: 1,
        },
      ],
    },
  ])
  await page.getByLabel('Quantity').selectOption('2')
  await page.getByTestId('add-to-cart').click()
  await expect(page.getByRole('status')).toContainText('Added 2 × Cast-iron pan')
  await expect(cartBadge(page)).toHaveText('2')
  const [added] = await dataLayerEvents(page, 'add_to_cart')
  expect(added).toMatchObject({ value: 96, items: [{ item_id: 'cast-iron-pan', quantity: 2 }] })

  await page.getByRole('searchbox', { name: 'Search the shop' }).fill('tent')
  await page.getByRole('searchbox', { name: 'Search the shop' }).press('Enter')
  await expect(page).toHaveURL(/\/demo\/search\/\?q=tent$/)
  await expect(page.locator('[data-heed-results]')).toHaveAttribute('data-heed-results', '1')
  await expect(page.locator('main .card')).toHaveCount(1)
  await page.getByRole('link', { name: /Two-person tent/ }).click()
  await page.getByTestId('add-to-cart').click()
  await expect(cartBadge(page)).toHaveText('3')

  await page.getByRole('link', { name: /^Cart/ }).click()
  await expect(page).toHaveURL(/\/demo\/cart\/$/)
  await expect(page.locator('[data-line]')).toHaveCount(2)
  // 2 × 48 + 219, worked out by hand.
  await expect(page.locator('[data-total]')).toHaveAttribute('data-total', '315')
  await page.getByRole('button', { name: 'One more Cast-iron pan, 26 cm' }).click()
  await expect(page.locator('[data-total]')).toHaveAttribute('data-total', '363')
  await page.getByRole('button', { name: 'One less Cast-iron pan, 26 cm' }).click()
  await expect(page.locator('[data-total]')).toHaveAttribute('data-total', '315')

  await page.getByTestId('checkout').click()
  await expect(page).toHaveURL(/\/demo\/checkout\/$/)
  // The URL changes before the page's scripts run; the heading is rendered by shop.js.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Checkout')
  const [checkout] = await dataLayerEvents(page, 'begin_checkout')
  expect(checkout).toMatchObject({ value: 315, currency: 'EUR' })
  expect(checkout?.items).toHaveLength(2)
  await fillCheckout(page)
  await page.getByTestId('place-order').click()

  await expect(page).toHaveURL(/\/demo\/thank-you\/\?order=FW-[0-9A-F]{10}$/)
  const orderId = (await page.locator('[data-order-id]').textContent()) ?? ''
  expect(page.url()).toContain(orderId)
  await expect(cartBadge(page)).toHaveText('0')
  const purchase = {
    order_id: orderId,
    value: 315,
    currency: 'EUR',
    items: [
      { id: 'cast-iron-pan', name: 'Cast-iron pan, 26 cm', category: 'Kitchen', price: 48, quantity: 2 },
      { id: 'two-person-tent', name: 'Two-person tent', category: 'Outdoor', price: 219, quantity: 1 },
    ],
  }
  expect(await heedCalls(page)).toEqual([['purchase', purchase]])
  expect(await dataLayerEvents(page, 'purchase')).toEqual([])

  // Reloading the thank-you page repeats the same order, never a new one.
  await page.reload()
  await expect(page.locator('[data-order-id]')).toHaveText(orderId)
  expect(await heedCalls(page)).toEqual([['purchase', purchase]])

  expect(problems.list).toEqual([])
})

test('with ?via=datalayer the purchase is a GA4 dataLayer push, and each order gets a new id', async ({
  page,
}) => {
  const problems = await watch(page)
  await page.goto('/demo/')
  await acceptConsent(page)
  const buy = async (via: string) => {
    await page.goto('/demo/product/sencha-tea/')
    await page.getByTestId('add-to-cart').click()
    await expect(cartBadge(page)).toHaveText('1')
    await page.goto(`/demo/checkout/${via}`)
    await fillCheckout(page)
    await page.getByTestId('place-order').click()
    await expect(page).toHaveURL(/\/demo\/thank-you\//)
    return (await page.locator('[data-order-id]').textContent()) ?? ''
  }

  const first = await buy('?via=datalayer')
  expect(page.url()).toContain('via=datalayer')
  expect(await dataLayerEvents(page, 'purchase')).toEqual([
    {
      transaction_id: first,
      value: 12.5,
      currency: 'EUR',
      items: [
        {
          item_id: 'sencha-tea',
          item_name: 'Sencha green tea, 100 g',
          item_category: 'Coffee & Tea',
          price: 12.5,
          quantity: 1,
        },
      ],
    },
  ])
  expect(await heedCalls(page)).toEqual([])

  const second = await buy('')
  expect(second).not.toBe(first)
  expect(await heedCalls(page)).toEqual([
    ['purchase', expect.objectContaining({ order_id: second, value: 12.5 })],
  ])

  // An order id this device never placed records nothing.
  await page.goto('/demo/thank-you/?order=FW-0000000000')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not found')
  expect(await heedCalls(page)).toEqual([])

  expect(problems.list).toEqual([])
})

test('every same-origin link on every shop page resolves', async ({ page, request }) => {
  test.setTimeout(180_000) // 18 pages, loaded one by one.
  const problems = await watch(page)
  const origin = new URL(test.info().project.use.baseURL ?? '').origin
  const pages = new Set<string>(['/demo/'])
  const others = new Set<string>()
  const queue = ['/demo/']
  // With something in the cart, the cart page links to the checkout.
  await page.goto('/demo/product/oak-board/')
  await acceptConsent(page)
  await page.getByTestId('add-to-cart').click()
  await expect(cartBadge(page)).toHaveText('1')
  while (queue.length) {
    const path = queue.shift()!
    await page.goto(path)
    await expect(page.locator('footer')).toBeVisible()
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))
    for (const href of hrefs) {
      const url = new URL(href)
      if (url.origin !== origin) continue
      const target = url.pathname + url.search
      if (url.pathname.startsWith('/demo/') && url.pathname.endsWith('/')) {
        if (!pages.has(target)) {
          pages.add(target)
          queue.push(target)
        }
      } else {
        others.add(target)
      }
    }
  }
  // home, 3 categories, 11 products, cart, checkout, privacy.
  expect(pages.size).toBe(18)
  expect([...pages].filter((p) => p.startsWith('/demo/product/'))).toHaveLength(11)
  for (const path of others) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
  }
  expect(others).toContain('/demo/files/price-list.csv')
  expect(problems.list).toEqual([])
})

test('the shop pages have no accessibility violations axe can find', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto('/demo/product/oak-board/')
  await acceptConsent(page)
  await page.getByTestId('add-to-cart').click()
  await expect(cartBadge(page)).toHaveText('1')
  for (const path of [
    '/demo/',
    '/demo/category/outdoor/',
    '/demo/product/oak-board/',
    '/demo/search/?q=pan',
    '/demo/cart/',
    '/demo/checkout/',
    '/demo/privacy/',
  ]) {
    await page.goto(path)
    // The consent banner is the consent area's to check (e2e/consent-banner.spec.ts).
    const { violations } = await new AxeBuilder({ page }).exclude('#heed-consent').analyze()
    expect(
      violations.map(
        (v) => `${path} ${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    ).toEqual([])
  }
})
