import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

test('npm run bench runs every bench/<area> script and prints one combined table', () => {
  // A bench folder of our own, next to a copy of the harness: one good bench, one that fails,
  // one in TypeScript, and the other known areas missing.
  const dir = join(mkdtempSync(join(tmpdir(), 'heed-bench-')), 'bench')
  for (const area of ['ingest', 'api', 'extra']) mkdirSync(join(dir, area), { recursive: true })
  copyFileSync('bench/run.mjs', join(dir, 'run.mjs'))
  writeFileSync(
    join(dir, 'ingest', 'run.mjs'),
    [
      "console.log('warming up')",
      "console.log('| name | value | baseline | ratio | target |')",
      "console.log('|---|---|---|---|---|')",
      "console.log('| collect p50 | 3.1 ms | 2.0 ms | 1.55 | < 2 |')",
      "console.log('| events/s | 12000 | 9000 | 1.33 | > 1 |')",
    ].join('\n'),
  )
  writeFileSync(join(dir, 'api', 'run.mjs'), 'process.exit(3)')
  writeFileSync(
    join(dir, 'extra', 'run.ts'),
    "const x: number = 2\nconsole.log('| typed | ' + x + ' | 1 | 2.00 | - |')",
  )

  const run = (...areas: string[]) =>
    spawnSync(process.execPath, [join(dir, 'run.mjs'), ...areas], { encoding: 'utf8' })
  const combined = (stdout: string) => {
    const tail = stdout.slice(stdout.indexOf('── all benches'))
    const rows = tail
      .split('\n')
      .filter((l) => l.startsWith('| '))
      .map((l) =>
        l
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      )
    return { tail, rows }
  }

  const all = run()
  expect(all.status).toBe(1) // the api bench failed
  const { tail, rows } = combined(all.stdout)
  expect(rows).toEqual([
    ['area', 'name', 'value', 'baseline', 'ratio', 'target'],
    ['ingest', 'collect p50', '3.1 ms', '2.0 ms', '1.55', '< 2'],
    ['ingest', 'events/s', '12000', '9000', '1.33', '> 1'],
    ['extra', 'typed', '2', '1', '2.00', '-'],
  ])
  expect(tail).toContain('snippet: skipped, no bench/snippet/run.mjs yet')
  expect(tail).toContain('api: FAILED with exit code 3')

  const one = run('ingest')
  expect(one.status).toBe(0)
  expect(combined(one.stdout).rows).toHaveLength(3)
  expect(one.stdout).not.toContain('bench api')
})
