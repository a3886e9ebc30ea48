import { expect, test } from '@playwright/test'

test('the stack serves the health check, the snippet and the demo shop', async ({ page, request }) => {
  const health = await request.get('/healthz')
  expect(health.status()).toBe(200)
  expect(await health.json()).toMatchObject({ ok: true, d1: true })

  const script = await request.get('/heed.js')
  expect(script.status()).toBe(200)
  expect(script.headers()['content-type']).toContain('javascript')

  await page.goto('/demo/')
  await expect(page.locator('script[src$="/heed.js"]')).toHaveAttribute('data-site', 'demo')
})
