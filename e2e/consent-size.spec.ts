import { gzipSync } from 'node:zlib'
import { banner, expect, test } from './consent-fixtures'

// The banner's budget: its JS, its CSS (inside the JS) and one language, at most 4,096 B gzip —
// checked for every language, and checked against what a banner visitor's browser really loads.

const LANGS = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it']
const BUDGET = 4096

test('heed-consent.js with any one language stays within 4,096 B gzip', async ({ request }) => {
  const gz = async (path: string) => {
    const res = await request.get(path)
    expect(res.status(), path).toBe(200)
    return gzipSync(await res.body(), { level: 9 }).length
  }
  const chunk = await gz('/heed-consent.js')
  const sizes = Object.fromEntries(
    await Promise.all(LANGS.map(async (l) => [l, await gz(`/heed-consent-${l}.js`)] as const)),
  )
  const worst = Math.max(...Object.values(sizes))
  console.log(
    `heed-consent.js ${chunk} B gzip; languages ${JSON.stringify(sizes)}; worst total ${chunk + worst} B`,
  )
  for (const [lang, size] of Object.entries(sizes)) expect(chunk + size, lang).toBeLessThanOrEqual(BUDGET)
})

test('a banner visitor loads the banner chunk and one language — not the CMP adapters, not other languages', async ({
  page,
}) => {
  const loaded: string[] = []
  page.on('request', (r) => {
    const m = r.url().match(/\/(heed-consent[\w-]*\.js)$/)
    if (m) loaded.push(m[1]!)
  })
  await page.goto('/test/consent/page.html')
  await expect(banner(page)).toBeVisible()
  expect(loaded.sort()).toEqual(['heed-consent-en.js', 'heed-consent.js'])
})

test('a page with a CMP loads the adapters and no banner language', async ({ page }) => {
  const loaded: string[] = []
  page.on('request', (r) => {
    const m = r.url().match(/\/(heed-consent[\w-]*\.js)$/)
    if (m) loaded.push(m[1]!)
  })
  await page.goto('/test/consent/tcf.html')
  await expect.poll(() => loaded.includes('heed-consent-cmp.js')).toBe(true)
  await page.waitForTimeout(1000)
  expect(loaded.sort()).toEqual(['heed-consent-cmp.js', 'heed-consent.js'])
})
