/**
 * Playwright fixtures for the snippet specs: a recording proxy per test (helpers/recorder.ts), the build under
 * test (IIFE heed.js or ESM heed.mjs, injected by public/test/snippet/load.js), and a check that the host page
 * saw no console error and no page error.
 */
import {
  expect,
  type Fixtures,
  test as base,
  type LaunchOptions,
  type Page,
  type PlaywrightWorkerOptions,
} from '@playwright/test'
import { type Recorder, startRecorder } from './recorder'

export type Build = 'iife' | 'esm'
export const builds: Build[] = ['iife', 'esm']

export interface SnippetFixtures {
  build: Build
  /** data-* options (camelCase) added to the fixture page's own */
  snippetOptions: Record<string, string>
  /** a visitor who accepted analytics earlier: their choice record is in localStorage before the page loads */
  consented: 'analytics' | 'marketing' | false
  recorder: Recorder
  /** console errors and page errors on the host page; asserted empty after each test */
  pageErrors: string[]
  /** the browser's own "Failed to load resource" lines for requests a test makes fail on purpose */
  allowFailedRequests: boolean
}

export const CONSENT_ID = '11111111-1111-4111-8111-111111111111'

/**
 * The browser as a visitor's: Playwright's userAgent option does not reach beacons sent while a page unloads
 * (they said HeadlessChrome and the worker counted them as bots), so the browser itself gets the user agent.
 */
export type VisitorBrowserFixtures = { launchOptions: LaunchOptions }
/** The same ordinary user agent playwright.config.ts gives pages. */
export const VISITOR_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

/** Worker fixtures that launch the browser as a visitor's: `base.extend<…, VisitorBrowserFixtures>(visitorBrowser)`. */
export const visitorBrowser: Fixtures<object, VisitorBrowserFixtures, object, PlaywrightWorkerOptions> = {
  launchOptions: [
    async ({ launchOptions }, use) => {
      await use({
        ...launchOptions,
        args: [...(launchOptions.args ?? []), `--user-agent=${VISITOR_UA}`],
        // Playwright turns the back/forward cache off by default; visitors have it on.
        ignoreDefaultArgs: ['--disable-back-forward-cache'],
      })
    },
    { scope: 'worker' },
  ],
}

export const test = base.extend<SnippetFixtures, VisitorBrowserFixtures>({
  ...visitorBrowser,
  build: ['iife', { option: true }],
  snippetOptions: [{}, { option: true }],
  consented: ['analytics', { option: true }],
  allowFailedRequests: [false, { option: true }],
  recorder: async ({ baseURL }, use) => {
    const recorder = await startRecorder(baseURL as string)
    await use(recorder)
    await recorder.close()
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures must destructure their dependencies
  pageErrors: async ({}, use) => {
    await use([])
  },
  page: async (
    { page, build, snippetOptions, consented, recorder, pageErrors, allowFailedRequests },
    use,
  ) => {
    page.on('console', (m) => {
      if (m.type() !== 'error' || (allowFailedRequests && m.text().startsWith('Failed to load resource')))
        return
      pageErrors.push(`console: ${m.text()}`)
    })
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`))
    await page.addInitScript(
      ({ build, endpoint, options, consented, id }) => {
        ;(window as unknown as { __heedTest: unknown }).__heedTest = { build, endpoint, options }
        if (consented && location.protocol === 'http:' && !localStorage.getItem('heed_consent'))
          localStorage.setItem(
            'heed_consent',
            JSON.stringify({ s: consented, id, t: Date.now(), src: 'test' }),
          )
      },
      { build, endpoint: recorder.url, options: snippetOptions, consented, id: CONSENT_ID },
    )
    // Outbound links lead to a page we serve ourselves: the e2e machine has no internet.
    await page.route('https://example.org/**', (r) =>
      r.fulfill({ contentType: 'text/html', body: '<title>Partner</title>' }),
    )
    await use(page)
    expect(pageErrors, 'the host page stays free of errors').toEqual([])
  },
})

export { expect }

/** Calls heed(...) in the page. */
export const heed = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { heed: (...x: unknown[]) => void }).heed(...a), args)

/** Waits until the snippet has started (window.heed replaced the stub). */
export const ready = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { heed?: { loaded?: 1 } }).heed?.loaded === 1)

/** Leaves the page, so its pagehide flush (sendBeacon) goes out. */
export const leave = (page: Page) => page.goto('about:blank')

/** Every key Heed keeps in this origin's localStorage. */
export const heedStorage = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('heed_'))
      .sort(),
  )

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
