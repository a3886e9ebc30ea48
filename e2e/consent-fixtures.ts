/**
 * Shared pieces of the consent specs: a recording proxy per test (so every /collect request is counted,
 * including beacons sent while a page unloads), pages loaded with extra data-* options, and D1 reads.
 */
import { join } from 'node:path'
import { type APIRequestContext, test as base, expect, type Page } from '@playwright/test'
import { root, wrangler } from '../scripts/lib/local.mjs'
import { type Recorder, startRecorder } from './helpers/recorder'
import { d1, quote } from './helpers/snippet-d1'

export interface ConsentFixtures {
  /** data-* options (camelCase) added to the fixture page's own */
  heedOptions: Record<string, string>
  /** point the snippet at the recording proxy (default) or straight at the worker */
  viaRecorder: boolean
  recorder: Recorder
}

export const test = base.extend<ConsentFixtures>({
  heedOptions: [{}, { option: true }],
  viaRecorder: [true, { option: true }],
  recorder: async ({ baseURL }, use) => {
    const recorder = await startRecorder(baseURL as string)
    await use(recorder)
    await recorder.close()
  },
  page: async ({ page, heedOptions, viaRecorder, recorder }, use) => {
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    await page.addInitScript(
      (t) => {
        ;(window as unknown as { __heedConsentTest: unknown }).__heedConsentTest = t
      },
      { endpoint: viaRecorder ? recorder.url : undefined, options: heedOptions },
    )
    await use(page)
    expect(errors, 'the host page stays free of errors').toEqual([])
  },
})

export { d1, expect, quote }

const persistTo = join(root, '.wrangler', `e2e-state-${process.env.HEED_E2E_PORT ?? 8788}`)

/** The banner dialog (inside Heed's open shadow root; Playwright's role locators pierce it). */
export const banner = (page: Page) => page.getByRole('dialog')

/** Waits until heed.js has started. */
export const ready = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { heed?: { loaded?: unknown } }).heed?.loaded)

export const storage = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => k.startsWith('heed_'))
        .map((k) => [k, JSON.parse(localStorage.getItem(k) as string)]),
    ),
  )

/** Consent log rows of one consent record, oldest first (the worker writes them synchronously). */
export const consentLog = (consentId: string) =>
  d1<{
    action: string
    analytics: number
    marketing: number
    source: string
    gpc: number
    banner_version: string | null
    locale: string | null
  }>(
    `SELECT action, analytics, marketing, source, gpc, banner_version, locale FROM consent_log WHERE consent_id = ${quote(consentId)} ORDER BY ts, rowid`,
  )

/** Polls until `check` holds, for writes that happen after a beacon or through the queue. */
export const eventually = (fn: () => unknown, timeout = 15_000) =>
  expect.poll(fn, { timeout, intervals: [300, 500, 1000] })

/** Leaves the page, so its pagehide flush goes out. */
export const leave = (page: Page) => page.goto('about:blank')

/** Every table row anywhere in D1 whose text mentions `needle` (the "no row remains" check), in one wrangler call. */
export function rowsMentioning(needle: string): Record<string, number> {
  const tables = d1<{ name: string; cols: string }>(
    `SELECT m.name, group_concat(p.name, ',') AS cols FROM sqlite_master m JOIN pragma_table_info(m.name) p
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_cf_%' AND m.name <> 'd1_migrations'
     GROUP BY m.name`,
  )
  const statements = tables.map((t) => {
    const where = t.cols
      .split(',')
      .map((c) => `instr(CAST("${c}" AS TEXT), ${quote(needle)}) > 0`)
      .join(' OR ')
    return `SELECT ${quote(t.name)} AS t, count(*) AS n FROM "${t.name}" WHERE ${where}`
  })
  const out = JSON.parse(
    wrangler([
      'd1',
      'execute',
      'heed',
      '--local',
      '--json',
      '--command',
      statements.join(';\n'),
      '--persist-to',
      persistTo,
    ]),
  ) as { results: { t: string; n: number }[] }[]
  const found: Record<string, number> = {}
  for (const r of out.flatMap((o) => o.results)) if (r.n > 0) found[r.t] = r.n
  return found
}

/** The ids heed.js keeps in localStorage (`heed_id`): the visitor id and the secret that goes with it. */
export interface VisitorIds {
  v: string
  k: string
}

/** GET /me/export for a visitor, straight from the worker, as their browser asks: id and secret in headers. */
export async function exportOf(request: APIRequestContext, ids: VisitorIds) {
  const res = await request.get('/me/export?site=demo', {
    headers: { 'x-heed-visitor': ids.v, 'x-heed-secret': ids.k },
  })
  expect(res.status()).toBe(200)
  return (await res.json()) as {
    tables: Record<string, Record<string, unknown>[]>
    consent_log: Record<string, unknown>[]
  }
}
