import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../../test/fixtures'
import { cleanStaleImports, STALE_IMPORT_MS } from './cleanup'

describe('stale imports', () => {
  it('fails imports a dead request left half-way and removes what they staged or wrote', async () => {
    await createSite({ id: 'cleanup-site' })
    const now = Date.UTC(2026, 10, 28, 12)
    const insert = (id: string, status: string, createdAt: number) =>
      env.DB.prepare(
        `INSERT INTO imports (id, site_id, kind, format, source_label, channel, lawful_basis, status, created_at)
         VALUES (?, 'cleanup-site', 'purchase', 'csv', 'offline', 'store', 'contract', ?, ?)`,
      )
        .bind(id, status, createdAt)
        .run()
    await insert('old-committing', 'committing', now - STALE_IMPORT_MS - 1)
    await insert('fresh-validating', 'validating', now - 1000)
    await insert('old-committed', 'committed', now - 10 * STALE_IMPORT_MS)
    await env.DB.prepare(
      `INSERT INTO import_staging (import_id, source_key, row_no, data) VALUES ('old-committing', 'k1', 2, '{}'), ('fresh-validating', 'k1', 2, '{}')`,
    ).run()
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO offline_records (site_id, kind, source_key, import_id, vid, ts, source_label, channel, lawful_basis, order_id, value, currency, created_at)
         VALUES ('cleanup-site', 'purchase', 'O-1', 'old-committing', 'xaaa', 1, 'offline', 'store', 'contract', 'O-1', 5, 'EUR', 1),
                ('cleanup-site', 'purchase', 'O-2', 'old-committed', 'xbbb', 1, 'offline', 'store', 'contract', 'O-2', 5, 'EUR', 1)`,
      ),
      env.DB.prepare(
        `INSERT INTO orders (site_id, order_id, event_id, vid, ts, value, currency, items, source)
         VALUES ('cleanup-site', 'O-1', 'offline:old-committing:O-1', 'xaaa', 1, 5, 'EUR', '[]', 'offline:store'),
                ('cleanup-site', 'O-2', 'offline:old-committed:O-2', 'xbbb', 1, 5, 'EUR', '[]', 'offline:store')`,
      ),
    ])

    expect(await cleanStaleImports(env.DB, now)).toEqual({ staleImports: 1 })
    const statuses = await env.DB.prepare(
      `SELECT id, status FROM imports WHERE site_id = 'cleanup-site' ORDER BY id`,
    ).all()
    expect(statuses.results).toEqual([
      { id: 'fresh-validating', status: 'validating' },
      { id: 'old-committed', status: 'committed' },
      { id: 'old-committing', status: 'failed' },
    ])
    const left = async (sql: string) => (await env.DB.prepare(sql).all()).results
    expect(await left(`SELECT import_id FROM import_staging`)).toEqual([{ import_id: 'fresh-validating' }])
    expect(await left(`SELECT source_key FROM offline_records WHERE site_id = 'cleanup-site'`)).toEqual([
      { source_key: 'O-2' },
    ])
    expect(await left(`SELECT order_id FROM orders WHERE site_id = 'cleanup-site'`)).toEqual([
      { order_id: 'O-2' },
    ])
    // The removed order's day (ts 1 ms: 1 Jan 1970 in UTC) is marked for the rollup cron; the
    // committed import's order is untouched and its day not marked.
    expect(await left(`SELECT day FROM rollup_dirty WHERE site_id = 'cleanup-site'`)).toEqual([
      { day: '1970-01-01' },
    ])
  })
})
