import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { banner, eventually, expect, exportOf, test } from './consent-fixtures'

// The banner as people use it: keyboard only, with a screen reader's view of roles and names,
// under a strict CSP, in other languages and directions, and the self-service panel.

test.describe.configure({ timeout: 240_000 })

const PAGE = '/test/consent/page.html'

/** Text of the element focused inside Heed's shadow root (or of the page's focused element). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const inner = document.querySelector('#heed-consent')?.shadowRoot?.activeElement
    const el = (inner ?? document.activeElement) as HTMLInputElement | null
    if (el?.getAttribute('role') === 'dialog') return 'dialog'
    // A checkbox is named by its label.
    return ((el?.labels?.[0] ?? el)?.textContent ?? '').trim()
  })

async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).include('#heed-consent').analyze()
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`)
}

test('keyboard only: focus starts in the dialog, Tab and Shift+Tab stay inside, Space toggles, Enter saves', async ({
  page,
}) => {
  await page.goto(PAGE)
  await expect(banner(page)).toBeVisible()
  expect(await focused(page)).toBe('dialog')
  const order: string[] = []
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab')
    order.push(await focused(page))
  }
  expect(order).toEqual(['Privacy policy', 'Reject all', 'Accept all', 'Settings', 'Privacy policy'])
  await page.keyboard.press('Shift+Tab')
  expect(await focused(page)).toBe('Settings')
  // A visible focus ring.
  const ring = await page.evaluate(() => {
    const el = document.querySelector('#heed-consent')!.shadowRoot!.activeElement!
    const s = getComputedStyle(el)
    return `${s.outlineStyle} ${s.outlineWidth}`
  })
  expect(ring).toBe('solid 3px')
  await page.keyboard.press('Enter')
  expect(await focused(page)).toContain('Analytics')
  await page.keyboard.press('Space')
  await expect(banner(page).getByRole('checkbox', { name: /Analytics/ })).toBeChecked()
  await page.keyboard.press('Tab')
  expect(await focused(page)).toContain('Marketing profiles')
  await expect(banner(page).getByRole('checkbox', { name: /Marketing profiles/ })).not.toBeChecked()
  // Forward to Save choices, then save with Enter.
  for (let i = 0; i < 6 && (await focused(page)) !== 'Save choices'; i++) await page.keyboard.press('Tab')
  expect(await focused(page)).toBe('Save choices')
  await page.keyboard.press('Enter')
  await expect(banner(page)).toBeHidden()
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('heed_consent') as string).s)).toBe(
    'analytics',
  )

  // The footer link reopens the settings; Escape closes them and gives focus back to the link.
  await page.focus('#prefs')
  await page.keyboard.press('Enter')
  await expect(banner(page).getByRole('checkbox', { name: /Analytics/ })).toBeChecked()
  await page.keyboard.press('Escape')
  await expect(banner(page)).toBeHidden()
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('prefs')
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('heed_consent') as string).s)).toBe(
    'analytics',
  )
})

test('axe finds no serious or critical violation on either layer, and the dialog is labelled and described', async ({
  page,
}) => {
  await page.goto(PAGE)
  const dialog = banner(page)
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAttribute('aria-modal', 'true')
  await expect(dialog).toHaveAccessibleName('Your privacy choices')
  await expect(dialog).toHaveAccessibleDescription(/Cloudflare and our AI provider.*13 months/)
  expect(await seriousViolations(page)).toEqual([])
  await dialog.getByRole('button', { name: 'Settings' }).click()
  expect(await seriousViolations(page)).toEqual([])
  // Reject and Accept carry the same weight: same size, same style.
  const box = async (name: string) => {
    const b = dialog.getByRole('button', { name })
    const r = (await b.boundingBox())!
    const w = await b.evaluate(
      (el) => `${getComputedStyle(el).fontWeight} ${getComputedStyle(el).backgroundColor}`,
    )
    return [Math.round(r.height), w]
  }
  expect(await box('Reject all')).toEqual(await box('Accept all'))
})

test('prefers-reduced-motion turns the entrance animation off', async ({ page }) => {
  const animation = () => banner(page).evaluate((el) => getComputedStyle(el).animationName)
  await page.goto(PAGE)
  await expect(banner(page)).toBeVisible()
  expect(await animation()).toBe('i')
  await page.emulateMedia({ reducedMotion: 'reduce' })
  expect(await animation()).toBe('none')
})

test('right-to-left pages get a right-to-left dialog', async ({ page }) => {
  await page.goto('/test/consent/rtl.html')
  await expect(banner(page)).toHaveAttribute('dir', 'rtl')
  const [dialogRight, buttonRight] = await banner(page).evaluate((el) => [
    el.getBoundingClientRect().right,
    el.querySelector(':scope > .r > button')!.getBoundingClientRect().right,
  ])
  // The first button sits at the right edge (inside the padding), not the left.
  expect(dialogRight - buttonRight).toBeLessThan(40)
})

test.describe('an overridden language', () => {
  test.use({ heedOptions: { lang: 'ja' } })
  test('loads only that language', async ({ page }) => {
    const langs: string[] = []
    page.on('request', (r) => {
      const m = r.url().match(/heed-consent-([\w-]+)\.js/)
      if (m) langs.push(m[1]!)
    })
    await page.goto(PAGE)
    await expect(banner(page)).toHaveAccessibleName('プライバシーの設定')
    await expect(banner(page)).toHaveAttribute('lang', 'ja')
    expect(langs).toEqual(['ja'])
  })
})

test.describe('a strict Content-Security-Policy', () => {
  test.use({ viaRecorder: false })
  test('does not stop the banner (no inline styles, no eval)', async ({ page }) => {
    await page.route('**/test/consent/page*', async (route) => {
      const response = await route.fetch()
      await route.fulfill({
        response,
        headers: {
          ...response.headers(),
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; object-src 'none'",
        },
      })
    })
    await page.goto(PAGE)
    await expect(banner(page)).toBeVisible()
    const style = await banner(page).evaluate((el) => [
      getComputedStyle(el).position,
      getComputedStyle(el).borderRadius,
    ])
    expect(style).toEqual(['fixed', '12px'])
    // The page fixture fails the test on any console error, CSP violations included.
  })
})

test.describe('self-service', () => {
  test.use({ viaRecorder: false, acceptDownloads: true })
  test('shows the visitor id; Download my data returns their data; Delete my data erases it', async ({
    page,
    request,
  }) => {
    await page.goto(PAGE)
    await banner(page).getByRole('button', { name: 'Accept all' }).click()
    const ids = await page.evaluate(async () => {
      for (let i = 0; i < 100 && !localStorage.getItem('heed_id'); i++)
        await new Promise((r) => setTimeout(r, 100))
      return JSON.parse(localStorage.getItem('heed_id') as string) as { v: string; k: string }
    })
    const vid = ids.v
    await eventually(async () => (await exportOf(request, ids)).tables.events!.length).toBe(1)
    await page.click('#prefs')
    const dialog = banner(page)
    await expect(dialog.getByText(vid)).toBeVisible()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download my data' }).click(),
    ])
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(data).toMatchObject({ site: 'demo', visitor_id: vid })
    expect(data.tables.events).toHaveLength(1)
    expect(data.tables.events[0]).toMatchObject({ vid, type: 'pageview', path: '/test/consent/page' })
    await dialog.getByRole('button', { name: 'Delete my data' }).click()
    await expect(dialog.getByRole('status')).toHaveText('Your data has been deleted.')
    expect(Object.values((await exportOf(request, ids)).tables).flat()).toEqual([])
  })
})

test.describe('the floating button', () => {
  test.use({ heedOptions: { preferencesButton: '' } })
  test('reopens the settings showing the current choice', async ({ page }) => {
    await page.goto(PAGE)
    await banner(page).getByRole('button', { name: 'Reject all' }).click()
    await page.getByRole('button', { name: 'Privacy settings' }).click()
    await expect(banner(page).getByRole('checkbox', { name: /Analytics/ })).not.toBeChecked()
    await expect(banner(page).getByRole('button', { name: 'Save choices' })).toBeVisible()
  })
})
