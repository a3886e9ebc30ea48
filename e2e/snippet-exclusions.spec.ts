import { builds, expect, heed, leave, ready, test } from './helpers/snippet'

// Visits Heed never tracks. The default e2e browser looks like a visitor's, so each exclusion is switched on here.

for (const build of builds)
  test.describe(`${build} build`, () => {
    test.use({ build })

    const visit = async (page: import('@playwright/test').Page) => {
      await page.goto('/test/snippet/page')
      await ready(page)
      await page.click('#button')
      await heed(page, 'track', 'x')
      let readyCalled = false
      await page.exposeFunction('__readyCalled', () => {
        readyCalled = true
      })
      await page.evaluate(() =>
        (window as unknown as { heed: (...a: unknown[]) => void }).heed('ready', () =>
          (window as unknown as { __readyCalled: () => void }).__readyCalled(),
        ),
      )
      await expect.poll(() => readyCalled, { message: 'heed("ready") still answers' }).toBe(true)
      await leave(page)
      await page.waitForTimeout(1500)
    }

    test('the baseline visit is tracked', async ({ page, recorder }) => {
      await visit(page)
      expect(recorder.requests.length).toBeGreaterThan(0)
    })

    test('navigator.webdriver', async ({ page, recorder }) => {
      await page.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => true }),
      )
      await visit(page)
      expect(recorder.requests).toHaveLength(0)
    })

    test.describe('a headless user agent', () => {
      test.use({
        userAgent:
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
      })
      test('is not tracked', async ({ page, recorder }) => {
        await visit(page)
        expect(recorder.requests).toHaveLength(0)
      })
    })

    test.describe('localhost without data-allow-localhost', () => {
      test.use({ snippetOptions: { allowLocalhost: 'false' } })
      test('is not tracked', async ({ page, recorder }) => {
        await visit(page)
        expect(recorder.requests).toHaveLength(0)
      })
    })

    test('localStorage.heed_ignore', async ({ page, recorder }) => {
      await page.addInitScript(() => {
        if (location.protocol === 'http:') localStorage.setItem('heed_ignore', 'true')
      })
      await visit(page)
      expect(recorder.requests).toHaveLength(0)
    })

    test.describe('data-exclude', () => {
      test.use({ snippetOptions: { exclude: '/test/snippet/pa*' } })
      test('excluded paths send nothing, other paths still do', async ({ page, recorder, baseURL }) => {
        await visit(page)
        expect(recorder.requests).toHaveLength(0)
        await page.goto('/test/snippet/other')
        await ready(page)
        await leave(page)
        const events = await recorder.waitFor(1, 'pageview')
        expect(events.filter((e) => e.type === 'pageview').map((e) => e.url)).toEqual([
          `${baseURL}/test/snippet/other`,
        ])
      })
    })
  })
