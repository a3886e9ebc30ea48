/** Reads the e2e worker's local D1 (the same state folder scripts/e2e-server.mjs created) with `wrangler d1 execute`. */
import { join } from 'node:path'
import { expect } from '@playwright/test'
import { root, sql } from '../../scripts/lib/local.mjs'

const persistTo = join(root, '.wrangler', `e2e-state-${process.env.HEED_E2E_PORT ?? 8788}`)

export const d1 = <T = Record<string, unknown>>(query: string): T[] => sql(query, persistTo) as T[]

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`

/** Waits until every id is stored (the queue consumer writes asynchronously), then returns their rows. */
export async function storedEvents(ids: string[], timeout = 20_000) {
  const q = `SELECT * FROM events WHERE site_id = 'demo' AND id IN (${ids.map(quote).join(',')}) ORDER BY ts`
  let rows: Record<string, unknown>[] = []
  await expect
    .poll(
      () => {
        rows = d1(q)
        return rows.length
      },
      { timeout, intervals: [500, 1000] },
    )
    .toBe(ids.length)
  return rows
}

export { quote }
