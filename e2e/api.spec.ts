import { execFileSync } from 'node:child_process'
import { Validator } from '@seriousme/openapi-schema-validator'
import { expect, test } from '@playwright/test'
import { d1Query, E2E_ADMIN_TOKEN, e2eOrigin, sqlString } from './helpers/d1'

// The marketer API through `wrangler dev`: the OpenAPI document, the CLI, the cron rollups, the docs page.

function heed(...args: string[]) {
  const out = execFileSync(
    'node',
    ['scripts/heed.mjs', '--remote', e2eOrigin, '--token', E2E_ADMIN_TOKEN, '--json', ...args],
    {
      encoding: 'utf8',
    },
  )
  return JSON.parse(out)
}

test('/api/v1/openapi.json is a valid OpenAPI 3.1 document', async ({ request }) => {
  const res = await request.get('/api/v1/openapi.json')
  expect(res.status()).toBe(200)
  const doc = await res.json()
  expect(doc.openapi).toBe('3.1.0')
  const result = await new Validator().validate(doc)
  expect(result.errors ?? []).toEqual([])
  expect(result.valid).toBe(true)
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/admin/sites',
      '/sites/{site}/stats/aggregate',
      '/sites/{site}/funnels',
      '/sites/{site}/exports/events',
    ]),
  )
})

test('the CLI creates a site and a key; the cron rolls days up; the key reads them until revoked', async ({
  request,
}) => {
  test.setTimeout(180_000) // wrangler d1 execute and the CLI each start a process
  const id = `e2e-api-${Date.now()}`
  const site = heed('sites', 'add', `${id}.example`, '--id', id, '--timezone', 'UTC', '--currency', 'EUR')
  expect(site).toMatchObject({
    id,
    timezone: 'UTC',
    currency: 'EUR',
    allowed_origins: [`https://${id}.example`],
  })
  const key = heed('keys', 'create', id, '--scopes', 'read', '--name', 'e2e')
  expect(key.key).toMatch(/^heed_/)

  // Yesterday (UTC): visitor a views two pages in one visit, visitor b bounces.
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
  const t = Date.parse(`${day}T10:00:00Z`)
  const rows = [
    ['a', 's1', t, '/'],
    ['a', 's1', t + 60_000, '/pricing'],
    ['b', 's2', t + 120_000, '/'],
  ]
  d1Query(
    `INSERT INTO events (site_id, id, type, ts, received_at, vid, sid, url, path, marketing) VALUES ${rows
      .map(
        ([vid, sid, ts, path], i) =>
          `(${sqlString(id)}, 'e${i}', 'pageview', ${ts}, ${ts}, '${vid}', '${sid}', 'https://x.example${path}', '${path}', 0)`,
      )
      .join(', ')}`,
  )
  const scheduled = await request.get('/__scheduled?cron=*/15+*+*+*+*')
  expect(scheduled.status()).toBe(200)
  await expect
    .poll(
      () =>
        d1Query<{ built_through: string }>(
          `SELECT built_through FROM rollup_state WHERE site_id = ${sqlString(id)}`,
        )[0]?.built_through,
    )
    .toBe(day)
  expect(
    d1Query(`SELECT 1 FROM rollup_daily WHERE site_id = ${sqlString(id)} AND dim = '' AND day = '${day}'`),
  ).toHaveLength(1)

  const headers = { authorization: `Bearer ${key.key}` }
  const agg = await request.get(`/api/v1/sites/${id}/stats/aggregate?period=yesterday`, { headers })
  expect(agg.status()).toBe(200)
  const results = (await agg.json()).results
  expect([
    results.visitors.value,
    results.visits.value,
    results.pageviews.value,
    results.bounce_rate.value,
  ]).toEqual([2, 2, 3, 50])

  heed('keys', 'revoke', id, key.id)
  expect(
    (await request.get(`/api/v1/sites/${id}/stats/aggregate?period=yesterday`, { headers })).status(),
  ).toBe(401)
})

test('the docs page lists the endpoints', async ({ page }) => {
  await page.goto('/api/v1/docs')
  await expect(page.getByRole('heading', { name: 'Heed marketer API' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Stats' })).toBeVisible()
  await expect(page.getByText('/api/v1/sites/{site}/stats/aggregate')).toBeVisible()
})
