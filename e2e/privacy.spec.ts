import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { d1 } from './helpers/snippet-d1'

// The privacy notice the worker writes from the demo site's facts, as a visitor meets it: through the
// banner's link, in their language, and asking a question about their data.

test.describe.configure({ timeout: 120_000 })

const dialog = (page: Page) => page.getByRole('dialog')

async function noViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  expect(
    violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
}

test('the banner links to the notice, whose storage table declares every key the browser writes', async ({
  page,
  baseURL,
}) => {
  await page.goto('/demo/')
  await expect(dialog(page)).toBeVisible()
  const link = dialog(page).getByRole('link', { name: 'Privacy policy' })
  expect(await link.getAttribute('href')).toBe(`${baseURL}/privacy/demo?lang=en`)

  await dialog(page).getByRole('button', { name: 'Accept all' }).click()
  await expect
    .poll(() =>
      page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('heed_'))
          .sort(),
      ),
    )
    .toEqual(['heed_cl', 'heed_consent', 'heed_id'])
  const written = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('heed_')))

  await page.goto('/demo/')
  await page.locator('a[data-heed-preferences]').first().click()
  await dialog(page).getByRole('link', { name: 'Privacy policy' }).click()
  await expect(page).toHaveURL(`${baseURL}/privacy/demo?lang=en`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice: Heed demo shop')
  const declared = await page.locator('table tbody th code').allTextContents()
  for (const key of written) expect(declared, key).toContain(key)
})

test('renders in two languages, passes axe, and names the demo site’s real retention', async ({
  page,
  browser,
}) => {
  const days = d1<{ retention_days: number }>("SELECT retention_days FROM sites WHERE id = 'demo'")[0]
    ?.retention_days
  expect(days).toBeGreaterThan(0)

  await page.goto('/privacy/demo?lang=en')
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 2, name: 'How long we keep it' })).toBeVisible()
  // Stated in its section and again in the FAQ.
  await expect(
    page.getByText(`We delete page views and other events after ${days} days`).first(),
  ).toBeVisible()
  await noViolations(page)

  // German by the browser's language (its Accept-Language), with no ?lang=.
  const german = await browser.newContext({ locale: 'de-DE', baseURL: test.info().project.use.baseURL })
  const de = await german.newPage()
  await de.goto('/privacy/demo')
  await expect(de.locator('html')).toHaveAttribute('lang', 'de')
  await expect(de.getByRole('heading', { level: 2, name: 'Wie lange wir es behalten' })).toBeVisible()
  await expect(
    de.getByText(`Seitenaufrufe und andere Ereignisse löschen wir nach ${days} Tagen`).first(),
  ).toBeVisible()
  await noViolations(de)
  // The language links lead to each other.
  await de.getByRole('navigation', { name: 'Andere Sprachen' }).getByRole('link', { name: 'English' }).click()
  await expect(de.locator('html')).toHaveAttribute('lang', 'en')
  await german.close()
})

test('a question gets a cited answer, and “delete my data” offers the delete action', async ({
  page,
  request,
}) => {
  await page.goto('/privacy/demo?lang=en')
  await page.getByLabel('Your question').fill('Do you sell my data?')
  await page.getByRole('button', { name: 'Ask' }).click()
  const answer = page.getByRole('status')
  await expect(answer).toContainText('We never sell your data.')
  const cited = await answer.locator('[data-facts]').first().getAttribute('data-facts')
  expect(cited?.split(' ')).toContain('no_sale')
  await noViolations(page)

  await page.getByLabel('Your question').fill('I want my data deleted')
  await page.getByRole('button', { name: 'Ask' }).click()
  await expect(page.getByRole('status').locator('[data-action="delete"]')).toHaveText('Delete my data')

  // The same, as a site's own page would ask it.
  const res = await request.post('/privacy/demo/ask', { data: { question: 'Please delete my data' } })
  expect(res.status()).toBe(200)
  const json = await res.json()
  expect(json.action).toMatchObject({
    kind: 'delete',
    request: { method: 'POST', path: '/me/delete?site=demo' },
  })
  expect(json.sentences.length).toBeGreaterThan(0)
  for (const s of json.sentences) expect(s.facts.length).toBeGreaterThan(0)
})
