import type { Page } from '@playwright/test'
import { banner, expect, test } from './consent-fixtures'

// Which consent chunks a browser really loads: a banner visitor gets the banner and one language, a page
// with a CMP gets the adapters instead of a language. The 4,096 B budget for the banner and each
// language is a unit test on the built files: snippet/test/consent-size.test.ts.

/** The heed-consent*.js files the page requests from now on, by file name. */
function consentScripts(page: Page): string[] {
  const loaded: string[] = []
  page.on('request', (r) => {
    const m = r.url().match(/\/(heed-consent[\w-]*\.js)$/)
    if (m) loaded.push(m[1]!)
  })
  return loaded
}

test('a banner visitor loads the banner chunk and one language — not the CMP adapters, not other languages', async ({
  page,
}) => {
  const loaded = consentScripts(page)
  await page.goto('/test/consent/page.html')
  await expect(banner(page)).toBeVisible()
  expect(loaded.sort()).toEqual(['heed-consent-en.js', 'heed-consent.js'])
})

test('a page with a CMP loads the adapters and no banner language', async ({ page }) => {
  const loaded = consentScripts(page)
  await page.goto('/test/consent/tcf.html')
  await expect.poll(() => loaded.includes('heed-consent-cmp.js')).toBe(true)
  await page.waitForTimeout(1000)
  expect(loaded.sort()).toEqual(['heed-consent-cmp.js', 'heed-consent.js'])
})
