import type { Page } from '@playwright/test'
import type { WireEvent } from '../worker/src/protocol'
import { builds, CONSENT_ID, expect, heed, heedStorage, leave, ready, test, UUID } from './helpers/snippet'

// The consent gate, state by state (consent.md §5.2), in the spirit of Plausible's expectPlausibleInAction:
// count the requests, and assert what must not be sent.

/** Everything a visitor can do on the fixture pages that the snippet could capture. */
async function doEverything(page: Page) {
  await page.click('#button')
  await page.click('#tagged-span')
  await heed(page, 'track', 'Video played', { seconds: 3 })
  await heed(page, 'purchase', { order_id: `T-${Date.now()}`, value: 5, currency: 'EUR' })
  await heed(page, 'identify', 'user-42', { plan: 'pro' })
  await page.locator('#bottom').scrollIntoViewIfNeeded()
}

const types = (events: WireEvent[]) => events.map((e) => e.type)

for (const build of builds)
  test.describe(`${build} build`, () => {
    test.use({ build })

    test.describe('opt-in mode, no choice yet', () => {
      test.use({ consented: false })

      test('nothing is sent and nothing is written to the device', async ({ page, context, recorder }) => {
        await page.goto('/test/snippet/page?q=linen')
        await ready(page)
        await doEverything(page)
        await page.click('#internal')
        await ready(page)
        await leave(page)
        await page.waitForTimeout(1500)
        expect(recorder.requests).toHaveLength(0)
        await page.goto('/test/snippet/other')
        expect(await heedStorage(page)).toEqual([])
        expect(await context.cookies()).toEqual([])
      })

      test('a grant on the page sends that page’s pageview, not what happened before', async ({
        page,
        recorder,
      }) => {
        await page.goto('/test/snippet/page?q=linen')
        await ready(page)
        await doEverything(page)
        const grantedAt = Date.now()
        await heed(page, 'consent', { analytics: true, marketing: false })
        await heed(page, 'track', 'after consent')
        // Even with data-banner="off" the change loads the consent chunk, which logs it (heed_cl).
        await page.waitForFunction(() => localStorage.heed_cl)
        await leave(page)
        const events = await recorder.waitFor(2)
        expect(types(events)).toEqual(['pageview', 'custom', 'engagement'])
        expect(events[0]?.ts).toBeLessThan(grantedAt)
        expect(events[1]).toMatchObject({ name: 'after consent' })
        const envelope = recorder.requests[0]?.body
        expect(envelope?.vid).toMatch(UUID)
        expect(envelope?.consent).toMatchObject({ analytics: true, marketing: false })
        expect(envelope?.consent.id).toMatch(UUID)
        await page.goto('/test/snippet/other')
        expect(await heedStorage(page)).toEqual(['heed_cl', 'heed_consent', 'heed_id'])
      })

      test('a grant on a later page does not send the earlier page', async ({ page, recorder, baseURL }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await page.click('#internal')
        await ready(page)
        await heed(page, 'consent', { analytics: true })
        await leave(page)
        const events = await recorder.waitFor(1, 'pageview')
        expect(events.filter((e) => e.type === 'pageview').map((e) => e.url)).toEqual([
          `${baseURL}/test/snippet/other`,
        ])
      })

      test('a refusal sends nothing and stores only the refusal and its log record', async ({
        page,
        recorder,
      }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await heed(page, 'consent', { analytics: false, marketing: false })
        // The consent chunk loads for the change and logs it to POST /consent (not a /collect request).
        await page.waitForFunction(() => localStorage.heed_cl)
        await doEverything(page)
        await page.click('#internal')
        await ready(page)
        await doEverythingElsewhere(page)
        await leave(page)
        await page.waitForTimeout(1500)
        expect(recorder.requests).toHaveLength(0)
        await page.goto('/test/snippet/other')
        expect(await heedStorage(page)).toEqual(['heed_cl', 'heed_consent'])
        expect(await page.evaluate(() => JSON.parse(localStorage.heed_consent).s)).toBe('denied')
      })

      test('heed("consent:open") loads the consent chunk from the endpoint', async ({ page, recorder }) => {
        test
          .info()
          .annotations.push({ type: 'note', description: 'the chunk itself belongs to the consent issue' })
        await page.goto('/test/snippet/other')
        await ready(page)
        const chunk = page.waitForRequest(`${recorder.url}/heed-consent.js`)
        await heed(page, 'consent:open')
        await chunk
      })

      test('the capture code (heed-capture.js) loads only once the visitor allows analytics', async ({
        page,
        recorder,
      }) => {
        test.skip(build === 'esm', 'heed.mjs bundles the capture code')
        const loaded: string[] = []
        page.on('request', (r) => r.url().endsWith('/heed-capture.js') && loaded.push(r.url()))
        await page.goto('/test/snippet/page?q=linen')
        await ready(page)
        await doEverything(page)
        await page.click('#internal')
        await ready(page)
        expect(loaded).toEqual([])
        await heed(page, 'consent', { analytics: true })
        await expect.poll(() => loaded).toEqual([`${recorder.url}/heed-capture.js`])
        // Connected: what happens from now on is captured.
        await heed(page, 'track', 'after the grant')
        await leave(page)
        const events = await recorder.waitFor(1, 'custom')
        expect(events.filter((e) => e.type === 'custom').map((e) => e.type === 'custom' && e.name)).toEqual([
          'after the grant',
        ])
      })
    })

    test.describe('analytics granted', () => {
      test.use({ consented: 'analytics' })

      test('everything but identify is sent; marketing stays off', async ({ page, recorder }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await doEverything(page)
        await leave(page)
        const events = await recorder.waitFor(1, 'purchase')
        expect(types(events)).toEqual(['pageview', 'click', 'click', 'custom', 'purchase', 'engagement'])
        expect(JSON.stringify(recorder.requests.map((r) => r.body))).not.toContain('user-42')
        expect(
          recorder.requests.every(
            (r) => r.body.consent.marketing === false && r.body.consent.id === CONSENT_ID,
          ),
        ).toBe(true)
      })

      test('withdrawal: ids and queue leave the device, nothing more is sent, listeners still see the id', async ({
        page,
        recorder,
      }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await page.evaluate(() => {
          const w = window as unknown as { heed: (...a: unknown[]) => void; seen?: unknown[] }
          // A chunk's listener reads the visitor id from the device, as the consent log does (ids.ts visitorId).
          w.heed('consent:bridge', (b: { on(cb: (s: string) => void): void }) =>
            b.on((s) => {
              w.seen = [s, JSON.parse(localStorage.heed_id).v]
            }),
          )
        })
        await recorder.waitFor(1, 'pageview')
        const vid = recorder.requests[0]?.body.vid
        const sent = recorder.requests.length
        await heed(page, 'consent', { analytics: false, marketing: false })
        expect(await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)).toEqual([
          'withdrawn',
          vid,
        ])
        expect(await heedStorage(page)).toEqual(['heed_consent'])
        expect(await page.evaluate(() => JSON.parse(localStorage.heed_consent))).toMatchObject({
          s: 'withdrawn',
          id: CONSENT_ID,
        })
        await doEverything(page)
        await page.click('#internal')
        await leave(page)
        await page.waitForTimeout(1500)
        expect(recorder.requests).toHaveLength(sent)
      })

      test('heed("forget") clears everything Heed keeps on the device', async ({ page }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await heed(page, 'track', 'x')
        expect(await heedStorage(page)).toContain('heed_consent')
        await heed(page, 'forget')
        expect(await heedStorage(page)).toEqual([])
      })
    })

    test.describe('marketing granted', () => {
      test.use({ consented: 'marketing' })

      test('identify is sent, and the batch says marketing', async ({ page, recorder }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await doEverything(page)
        await leave(page)
        const events = await recorder.waitFor(1, 'identify')
        expect(events.find((e) => e.type === 'identify')).toMatchObject({
          user_id: 'user-42',
          traits: { plan: 'pro' },
        })
        expect(recorder.requests.every((r) => r.body.consent.marketing)).toBe(true)
      })

      test('Global Privacy Control turns marketing off', async ({ page, recorder }) => {
        await page.addInitScript(() =>
          Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
        )
        await page.goto('/test/snippet/page')
        await ready(page)
        await doEverything(page)
        await leave(page)
        const events = await recorder.waitFor(1, 'purchase')
        expect(types(events)).not.toContain('identify')
        expect(
          recorder.requests.every((r) => r.body.consent.marketing === false && r.body.consent.analytics),
        ).toBe(true)
      })
    })

    test.describe('cookieless mode, no choice', () => {
      test.use({ consented: false, snippetOptions: { mode: 'cookieless' } })

      test('pageviews only, without any identifier, and nothing on the device', async ({
        page,
        context,
        recorder,
      }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await doEverything(page)
        await page.click('#internal')
        await ready(page)
        await leave(page)
        const events = await recorder.waitFor(2, 'pageview')
        expect(types(events)).toEqual(['pageview', 'pageview'])
        for (const r of recorder.requests) {
          expect(r.body.vid).toBeUndefined()
          expect(r.body.sid).toBeUndefined()
          expect(r.body.consent).toEqual({ analytics: false, marketing: false })
        }
        await page.goto('/test/snippet/other')
        expect(await heedStorage(page)).toEqual([])
        expect(await context.cookies()).toEqual([])
      })
    })

    test.describe('opt-out mode', () => {
      test.use({ consented: false, snippetOptions: { mode: 'opt-out' } })

      test('tracks until the visitor says no', async ({ page, recorder }) => {
        await page.goto('/test/snippet/page')
        await ready(page)
        await doEverything(page)
        await heed(page, 'consent', { analytics: false, marketing: false })
        await heed(page, 'track', 'after refusal')
        await leave(page)
        await page.waitForTimeout(1500)
        expect(recorder.requests).toHaveLength(0) // the buffered events were dropped with the refusal
        expect(JSON.stringify(recorder.requests)).not.toContain('after refusal')
      })
    })
  })

async function doEverythingElsewhere(page: Page) {
  await heed(page, 'track', 'second page')
  await heed(page, 'search', { query: 'tea' })
}
