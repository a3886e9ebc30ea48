import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'

// The local edge stack as `npm run dev` and the e2e server start it: worker, D1, assets and cron.

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }

test('the stack serves the health check, the snippet and the demo shop', async ({ page, request }) => {
  const health = await request.get('/healthz')
  expect(health.status()).toBe(200)
  // wrangler.toml's HEED_VERSION must follow package.json.
  expect(await health.json()).toEqual({ ok: true, version: pkg.version, d1: true })

  const script = await request.get('/heed.js')
  expect(script.status()).toBe(200)
  expect(script.headers()['content-type']).toContain('javascript')

  await page.goto('/demo/')
  await expect(page.locator('script[src$="/heed.js"]')).toHaveAttribute('data-site', 'demo')
  await expect(page.locator('script[src$="/heed.js"]')).toHaveAttribute('data-allow-localhost', '')
})

test('an unknown path answers with the JSON error envelope, not a bare 404 page', async ({ request }) => {
  const response = await request.get('/api/v1/no-such-thing')
  expect(response.status()).toBe(404)
  const body = (await response.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe('not_found')
  expect(typeof body.error.message).toBe('string')
})

test('the cron trigger runs the scheduled handler', async ({ request }) => {
  const response = await request.get('/__scheduled?cron=*/15+*+*+*+*')
  expect(response.status()).toBe(200)
  expect(await response.text()).toContain('Ran scheduled event')
})
