import type { WireEvent } from '../worker/src/protocol'
import type { Recorder } from './helpers/recorder'
import { storedEvents } from './helpers/snippet-d1'
import { builds, expect, heed, leave, ready, test } from './helpers/snippet'

// Batching and delivery: 20 events or 5 s per batch, 60 KB per request, and every event exactly once
// through offline spells and runs of server errors (retried with the same ids, kept in localStorage).

const track = (page: import('@playwright/test').Page, n: number, prefix: string, pad = 0) =>
  page.evaluate(
    ({ n, prefix, pad }) => {
      for (let i = 0; i < n; i++)
        (window as unknown as { heed: (...a: unknown[]) => void }).heed('track', `${prefix}-${i}`, {
          pad: 'x'.repeat(pad),
        })
    },
    { n, prefix, pad },
  )

const customs = (events: WireEvent[], prefix: string) =>
  events.filter((e) => e.type === 'custom' && e.name.startsWith(prefix)) as Extract<
    WireEvent,
    { type: 'custom' }
  >[]

/**
 * The test page once its own pageview has gone out (it waits for the 5 s batch timer), so every later request
 * carries only what the test does.
 */
async function quietPage(page: import('@playwright/test').Page, recorder: Recorder) {
  await page.goto('/test/snippet/other')
  await ready(page)
  await recorder.waitFor(1, 'pageview', 10_000)
}

/** Each id delivered exactly once, and the names are the expected ones. */
function expectExactlyOnce(events: WireEvent[], prefix: string, n: number) {
  const mine = customs(events, prefix)
  expect(mine.map((e) => e.name).sort()).toEqual(Array.from({ length: n }, (_, i) => `${prefix}-${i}`).sort())
  expect(new Set(mine.map((e) => e.id)).size).toBe(n)
}

for (const build of builds)
  test.describe(`${build} build`, () => {
    test.use({ build })
    test.describe.configure({ timeout: 60_000 })

    test('a batch leaves at 20 events, the rest after 5 s', async ({ page, recorder }) => {
      await quietPage(page, recorder)
      const before = recorder.requests.length
      await track(page, 25, 'batch')
      await expect.poll(() => recorder.requests.length).toBe(before + 1)
      expect(recorder.requests[before]?.body.events).toHaveLength(20)
      await page.waitForTimeout(3000)
      expect(recorder.requests.length, 'the last 5 wait for the timer').toBe(before + 1)
      await expect.poll(() => recorder.requests.length, { timeout: 5000 }).toBe(before + 2)
      expect(recorder.requests[before + 1]?.body.events).toHaveLength(5)
      expectExactlyOnce(recorder.delivered(), 'batch', 25)
    })

    test('no request is larger than 60 KB', async ({ page, recorder }) => {
      await quietPage(page, recorder)
      await track(page, 20, 'big', 5000) // 20 × ~5.2 KB: two requests
      await recorder.waitFor(20, 'custom')
      const sizes = recorder.requests.map((r) => Buffer.byteLength(JSON.stringify(r.body)))
      for (const s of sizes) expect(s).toBeLessThanOrEqual(61_000)
      expect(recorder.requests.filter((r) => r.body.events.some((e) => e.type === 'custom')).length).toBe(2)
      expectExactlyOnce(recorder.delivered(), 'big', 20)
    })

    test.describe('with failures made on purpose', () => {
      test.use({ allowFailedRequests: true })

      test('a run of server errors, then recovery: every event arrives exactly once', async ({
        page,
        recorder,
      }) => {
        await quietPage(page, recorder)
        recorder.failNext(500, 503, 0, 429)
        await track(page, 20, 'flaky')
        // Retries after 1 s, 2 s, 4 s, 8 s with the same envelope.
        const events = await recorder.waitFor(20, 'custom', 30_000)
        expectExactlyOnce(events, 'flaky', 20)
        const attempts = recorder.requests.filter((r) => r.body.events.some((e) => e.type === 'custom'))
        expect(attempts.map((r) => r.status)).toEqual([500, 503, 0, 429, 202])
        expect(new Set(attempts.map((r) => JSON.stringify(r.body))).size, 'resent unchanged').toBe(1)
        const rows = await storedEvents(customs(events, 'flaky').map((e) => e.id))
        expect(rows).toHaveLength(20)
      })

      test('failed batches survive a page load in localStorage and are resent with the same ids', async ({
        page,
        recorder,
      }) => {
        await quietPage(page, recorder)
        recorder.failNext(500, 500, 500, 500, 500, 500)
        await track(page, 20, 'stored')
        await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.heed_q ?? '[]').length)).toBe(1)
        const kept = await page.evaluate(() =>
          JSON.parse(localStorage.heed_q)[0].events.map((e: { id: string }) => e.id),
        )
        await page.goto('/test/snippet/page')
        await ready(page)
        await expect.poll(() => customs(recorder.delivered(), 'stored').length, { timeout: 20_000 }).toBe(20)
        expect(customs(recorder.delivered(), 'stored').map((e) => e.id)).toEqual(kept)
        await expect.poll(() => page.evaluate(() => localStorage.heed_q ?? null)).toBeNull()
        expectExactlyOnce(recorder.delivered(), 'stored', 20)
      })

      test('offline, then online again: every event arrives exactly once', async ({
        page,
        context,
        recorder,
      }) => {
        await quietPage(page, recorder)
        await context.setOffline(true)
        await track(page, 20, 'offline')
        await heed(page, 'track', 'offline-20')
        await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.heed_q ?? '[]').length)).toBe(1)
        await context.setOffline(false)
        await expect.poll(() => customs(recorder.delivered(), 'offline').length, { timeout: 15_000 }).toBe(20)
        // The 21st waited in memory for its timer and goes out with the page.
        await leave(page)
        await expect.poll(() => customs(recorder.delivered(), 'offline').length).toBe(21)
        expectExactlyOnce(recorder.delivered(), 'offline', 21)
      })
    })

    test('events still buffered when the page is left go out with it', async ({ page, recorder }) => {
      await page.goto('/test/snippet/other')
      await ready(page)
      await track(page, 3, 'unload')
      await leave(page)
      await recorder.waitFor(3, 'custom')
      expectExactlyOnce(recorder.delivered(), 'unload', 3)
    })
  })
