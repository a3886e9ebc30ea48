import type { WireEvent } from '../worker/src/protocol'
import { d1, quote, storedEvents } from './helpers/snippet-d1'
import { builds, CONSENT_ID, expect, heed, leave, ready, test, UUID } from './helpers/snippet'

// Every capture kind, against the real worker: the recorder sees what the page sent, D1 what was stored.
// The visitor accepted analytics earlier (fixture `consented`), so everything may be sent.

type Ev<T extends WireEvent['type']> = Extract<WireEvent, { type: T }>
const of = <T extends WireEvent['type']>(events: WireEvent[], type: T) =>
  events.filter((e) => e.type === type) as Ev<T>[]

for (const build of builds)
  test.describe(`${build} build`, () => {
    test.use({ build })
    // Reading D1 through wrangler takes seconds on a busy machine.
    test.describe.configure({ timeout: 60_000 })

    test('a pageview on load, engagement on leave, both stored with the right fields', async ({
      page,
      recorder,
      baseURL,
    }) => {
      await page.goto('/test/snippet/page')
      await ready(page)
      await page.locator('#bottom').scrollIntoViewIfNeeded()
      await page.waitForTimeout(300)
      await page.click('#internal')
      await page.waitForURL('**/other')
      await recorder.waitFor(2, 'pageview')
      const events = recorder.delivered().filter((e) => e.type !== 'click')
      const [first, engagement, second] = events
      expect(first).toMatchObject({
        type: 'pageview',
        url: `${baseURL}/test/snippet/page`,
        title: 'Snippet fixture',
        referrer: null,
      })
      expect(engagement).toMatchObject({
        type: 'engagement',
        url: `${baseURL}/test/snippet/page`,
        scroll_pct: 100,
      })
      expect((engagement as Ev<'engagement'>).visible_ms).toBeGreaterThan(100)
      expect(second).toMatchObject({
        type: 'pageview',
        url: `${baseURL}/test/snippet/other`,
        title: 'Other page',
      })
      for (const e of events) {
        expect(e.id).toMatch(UUID)
        expect(Math.abs(e.ts - Date.now())).toBeLessThan(60_000)
      }
      const envelope = recorder.requests[0]?.body
      expect(envelope).toMatchObject({
        v: 1,
        site: 'demo',
        consent: { analytics: true, marketing: false, id: CONSENT_ID },
      })
      expect(envelope?.vid).toMatch(UUID)
      expect(envelope?.sid).toMatch(UUID)

      const rows = await storedEvents(events.map((e) => e.id))
      expect(rows.map((r) => r.type)).toEqual(['pageview', 'engagement', 'pageview'])
      expect(rows[0]).toMatchObject({
        path: '/test/snippet/page',
        title: 'Snippet fixture',
        vid: envelope?.vid,
      })
      expect(rows[1]).toMatchObject({ path: '/test/snippet/page' })
      expect(JSON.parse(rows[1]?.props as string)).toMatchObject({ scroll_pct: 100 })
    })

    test('clicks: links, children of links, outbound, downloads, tagged, buttons, Ctrl and middle clicks', async ({
      page,
      recorder,
      baseURL,
    }) => {
      await page.goto('/test/snippet/page')
      await ready(page)
      await page.click('#button')
      await page.click('#tagged-span')
      await page.click('#child', { modifiers: ['Control'] }) // child of an internal link, new tab
      await page.click('#outbound', { modifiers: ['Control'] })
      await page.click('#download', { button: 'middle' })
      await page.click('#download-attr', { modifiers: ['Control'] })
      await page.click('#tagged-child', { modifiers: ['Control'] })
      await page.click('#submit')
      await page.click('#password')
      await page.click('#ignored', { modifiers: ['Control'] })
      await page.click('#ignored-button')
      await leave(page)
      const clicks = of(await recorder.waitFor(8, 'click'), 'click')
      expect(
        clicks.map(({ kind, tag, text, href, name, props }) => ({ kind, tag, text, href, name, props })),
      ).toEqual([
        {
          kind: 'button',
          tag: 'button',
          text: 'Add to wishlist',
          href: null,
          name: undefined,
          props: undefined,
        },
        {
          kind: 'tagged',
          tag: 'span',
          text: 'Subscribe',
          href: null,
          name: 'Newsletter',
          props: { source: 'footer' },
        },
        {
          kind: 'link',
          tag: 'a',
          text: 'Internal link',
          href: `${baseURL}/test/snippet/other`,
          name: undefined,
          props: undefined,
        },
        {
          kind: 'outbound',
          tag: 'a',
          text: 'Partner site',
          href: 'https://example.org/partner?x=1',
          name: undefined,
          props: undefined,
        },
        {
          kind: 'download',
          tag: 'a',
          text: 'Size guide (PDF)',
          href: `${baseURL}/test/snippet/files/guide.pdf`,
          name: undefined,
          props: undefined,
        },
        {
          kind: 'download',
          tag: 'a',
          text: 'Save page',
          href: `${baseURL}/test/snippet/other`,
          name: undefined,
          props: undefined,
        },
        {
          kind: 'tagged',
          tag: 'a',
          text: 'Start now',
          href: `${baseURL}/test/snippet/other`,
          name: 'Signup CTA',
          props: { plan: 'pro', position: 'hero' },
        },
        // <input type=submit>: its label is an input value, so no text.
        { kind: 'button', tag: 'input', text: null, href: null, name: undefined, props: undefined },
      ])
      // Nothing typed into a field, no password, nothing from inside [data-heed-ignore] ever left the page.
      const sent = JSON.stringify(recorder.requests.map((r) => r.body))
      for (const secret of ['secret@example.com', 'hunter2', 'Private']) expect(sent).not.toContain(secret)
      const rows = await storedEvents(clicks.map((c) => c.id))
      expect(rows.filter((r) => r.type === 'click')).toHaveLength(clicks.length)
    })

    test('an outbound click does not delay the navigation, and its event still arrives', async ({
      page,
      recorder,
    }) => {
      await page.goto('/test/snippet/page')
      await ready(page)
      await page.click('#outbound')
      await page.waitForURL('https://example.org/partner?x=1')
      const [click] = of(await recorder.waitFor(1, 'click'), 'click')
      expect(click).toMatchObject({ kind: 'outbound', href: 'https://example.org/partner?x=1' })
    })

    test('site search from the URL, with the results count the page declares', async ({ page, recorder }) => {
      await page.goto('/test/snippet/results?q=linen+shirt&utm_source=x')
      await ready(page)
      await leave(page)
      const [search] = of(await recorder.waitFor(1, 'search'), 'search')
      expect(search).toMatchObject({ query: 'linen shirt', results: 3 })
      const [row] = await storedEvents([search?.id as string])
      expect(row).toMatchObject({ type: 'search', query: 'linen shirt', results: 3 })
    })

    test('site search from a GET form counts once (on the results page), from an in-page form too', async ({
      page,
      recorder,
    }) => {
      await page.goto('/test/snippet/page')
      await ready(page)
      await page.fill('#spa-q', '  wool socks ')
      await page.press('#spa-q', 'Enter')
      await page.fill('#q', 'teapot')
      await page.press('#q', 'Enter')
      await page.waitForURL('**/results?q=teapot')
      await ready(page)
      await leave(page)
      await recorder.waitFor(2, 'search')
      await page.waitForTimeout(500)
      const searches = of(recorder.delivered(), 'search')
      expect(searches.map(({ query, results }) => ({ query, results }))).toEqual([
        { query: 'wool socks', results: null },
        { query: 'teapot', results: 3 },
      ])
    })

    test('SPA navigation: pushState, the back button, no pageview for the same URL twice', async ({
      page,
      recorder,
      baseURL,
    }) => {
      await page.goto('/test/snippet/spa')
      await ready(page)
      await page.click('#to-a')
      await page.click('#to-b')
      await page.click('#same')
      await page.click('#hash-a') // history mode: a fragment change is not a new page
      await page.goBack() // back from #/a to /b: same page
      await page.goBack() // back to /a
      await page.click('#search')
      await leave(page)
      const events = await recorder.waitFor(5, 'pageview')
      const pageviews = of(events, 'pageview')
      const spa = `${baseURL}/test/snippet/spa`
      expect(pageviews.map((p) => [p.url, p.referrer])).toEqual([
        [spa, null],
        [`${spa}/a`, spa],
        [`${spa}/b`, `${spa}/a`],
        [`${spa}/a`, `${spa}/b`],
        [`${spa}/search?q=linen`, `${spa}/a`],
      ])
      expect(of(events, 'search').map((s) => s.query)).toEqual(['linen'])
      // Each page's engagement is reported before the next pageview.
      expect(
        events.filter((e) => e.type === 'pageview' || e.type === 'engagement').map((e) => e.type),
      ).toEqual(['pageview', ...Array(4).fill(['engagement', 'pageview']).flat(), 'engagement'])
    })

    test('hash routing: every hash change is a pageview, the back button too', async ({
      page,
      recorder,
      baseURL,
    }) => {
      await page.goto('/test/snippet/hash')
      await ready(page)
      await page.click('#hash-a')
      await page.click('#hash-b')
      await page.goBack()
      await leave(page)
      const pageviews = of(await recorder.waitFor(4, 'pageview'), 'pageview')
      const base = `${baseURL}/test/snippet/hash`
      expect(pageviews.map((p) => p.url)).toEqual([base, `${base}#/a`, `${base}#/b`, `${base}#/a`])
    })

    test('a page restored from the back/forward cache counts again', async ({ page, recorder }) => {
      await page.goto('/test/snippet/other')
      await ready(page)
      await page.evaluate(() =>
        addEventListener('pageshow', (e) => {
          if (e.persisted) (window as unknown as { restored: boolean }).restored = true
        }),
      )
      await page.click('#back')
      await page.waitForURL('**/page')
      await page.goBack({ waitUntil: 'commit' })
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { restored?: boolean }).restored))
        .toBe(true)
      await leave(page)
      const pageviews = of(await recorder.waitFor(3, 'pageview'), 'pageview')
      expect(pageviews.map((p) => new URL(p.url).pathname)).toEqual([
        '/test/snippet/other',
        '/test/snippet/page',
        '/test/snippet/other',
      ])
      expect(new Set(pageviews.map((p) => p.id)).size).toBe(3)
    })

    for (const via of ['api', 'datalayer', 'gtag'] as const)
      test(`a purchase via ${via} arrives with order id, value, currency and items; GTM still sees its messages`, async ({
        page,
        recorder,
      }) => {
        const order = `T-${via}-${Date.now()}`
        await page.goto(`/test/snippet/shop?order=${order}&via=${via}`)
        await ready(page)
        await page.click('#add')
        await leave(page)
        const events = await recorder.waitFor(1, 'purchase')
        const [purchase] = of(events, 'purchase')
        // The page's own fields go out as written (GA4's item_id, … from a dataLayer); the worker reads both forms.
        expect(purchase).toMatchObject({ order_id: order, value: 34, currency: 'EUR' })
        expect(purchase?.items).toHaveLength(2)
        const stored = async (id: string) => {
          const [row] = await storedEvents([id])
          return { ...row, props: JSON.parse(row?.props as string) }
        }
        expect(await stored(purchase?.id as string)).toMatchObject({
          type: 'purchase',
          order_id: order,
          value: 34,
          currency: 'EUR',
          props: {
            items: [
              { id: 'SKU-MUG', name: 'Linen mug', category: 'Kitchen', price: 12.5, quantity: 2 },
              { id: 'SKU-TEA', name: 'Green tea', category: 'Food', price: 9, quantity: 1 },
            ],
          },
        })
        if (via !== 'api') {
          const step = events.find((e) => e.type === 'add_to_cart')
          expect(await stored(step?.id as string)).toMatchObject({
            type: 'add_to_cart',
            value: 9,
            currency: 'EUR',
            props: { items: [{ id: 'SKU-TEA', name: 'Green tea', category: 'Food', price: 9, quantity: 1 }] },
          })
        }
      })

    test('reloading the thank-you page counts the revenue once', async ({ page, recorder }) => {
      const order = `T-reload-${build}-${Date.now()}`
      await page.goto(`/test/snippet/shop?order=${order}&via=both`)
      await ready(page)
      await page.reload()
      await ready(page)
      await leave(page)
      const purchases = of(await recorder.waitFor(4, 'purchase'), 'purchase')
      expect(purchases.map((p) => p.order_id)).toEqual([order, order, order, order]) // API and dataLayer, twice
      await storedEvents(purchases.map((p) => p.id).slice(0, 1))
      await expect
        .poll(
          () =>
            d1(
              `SELECT count(*) AS n, sum(value) AS revenue FROM orders WHERE site_id = 'demo' AND order_id = ${quote(order)}`,
            )[0],
          {
            timeout: 20_000,
          },
        )
        .toEqual({ n: 1, revenue: 34 })
    })

    test('GTM keeps receiving every dataLayer message, and a broken dataLayer breaks nothing', async ({
      page,
      recorder,
    }) => {
      await page.goto('/test/snippet/shop?order=T-gtm&via=datalayer')
      await ready(page)
      await page.click('#add')
      const seen = await page.evaluate(() =>
        (window as unknown as { __gtmSeen: { event?: string }[] }).__gtmSeen.map((m) => m.event ?? null),
      )
      expect(seen).toEqual([null, 'purchase', null, 'add_to_cart'])
      await page.goto('/test/snippet/shop?order=T-broken&via=broken')
      await ready(page)
      await leave(page)
      await recorder.waitFor(2, 'pageview')
    })

    test('custom events and the API search, with scalar props only', async ({ page, recorder }) => {
      await page.goto('/test/snippet/other')
      await ready(page)
      await heed(page, 'track', 'Video played', {
        seconds: 42,
        autoplay: false,
        nested: { no: 1 },
        list: [1],
      })
      await heed(page, 'search', { query: 'oolong', results: 0 })
      await leave(page)
      const events = await recorder.waitFor(1, 'custom')
      expect(of(events, 'custom')).toMatchObject([
        { name: 'Video played', props: { seconds: 42, autoplay: false } },
      ])
      expect(of(events, 'custom')[0]?.props).not.toHaveProperty('nested')
      expect(of(events, 'search')).toMatchObject([{ query: 'oolong', results: 0 }])
    })
  })
