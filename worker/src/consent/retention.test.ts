import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { createSite } from '../../test/fixtures'
import { insertEvents } from '../../test/raw-rows'
import { purgeExpired } from './retention'

const DAY = 86_400_000
const now = Date.UTC(2026, 10, 28)
const count = async (site: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM events WHERE site_id = ?')
    .bind(site)
    .first<{ n: number }>())!.n

describe('retention purge', () => {
  it("deletes events past each site's retention in bounded chunks and resumes where it stopped", async () => {
    await createSite({ id: 'ret-a', retentionDays: 30 })
    await createSite({ id: 'ret-b' }) // 395 days
    const at = (site: string, days: number) => ({ site_id: site, ts: now - days * DAY })
    await insertEvents(env.DB, [
      ...[31, 40, 50, 60, 70].map((d) => at('ret-a', d)),
      ...[1, 29].map((d) => at('ret-a', d)),
      ...[396, 400, 500].map((d) => at('ret-b', d)),
      at('ret-b', 394),
    ])
    const budget = { chunkRows: 2, maxChunks: 3 }
    // ret-a: 2 + 2 + 1 rows in three chunks, then the budget is spent before ret-b.
    expect(await purgeExpired(env.DB, now, budget)).toEqual({ events: 5, sites: 1, done: 0 })
    expect([await count('ret-a'), await count('ret-b')]).toEqual([2, 4])
    const cursor = await env.DB.prepare("SELECT cursor FROM job_cursors WHERE job = 'retention'").first()
    expect(cursor).toEqual({ cursor: 'ret-b' })
    // The next run starts at ret-b: 2 + 1 rows, then it is done and the cursor is cleared.
    expect(await purgeExpired(env.DB, now, budget)).toEqual({ events: 3, sites: 1, done: 1 })
    expect([await count('ret-a'), await count('ret-b')]).toEqual([2, 1])
    expect(await env.DB.prepare("SELECT cursor FROM job_cursors WHERE job = 'retention'").first()).toBeNull()
  })
})
