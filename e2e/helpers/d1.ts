/**
 * Reads the local D1 of the e2e worker (the state folder scripts/e2e-server.mjs created for this
 * port) with `wrangler d1 execute`. Shared by every spec that checks what the worker stored.
 */
import { join } from 'node:path'
import { expect } from '@playwright/test'
import { E2E_ADMIN_TOKEN, root, sql } from '../../scripts/lib/local.mjs'

export const e2ePort = Number(process.env.HEED_E2E_PORT ?? 8788)
export const e2eOrigin = `http://127.0.0.1:${e2ePort}`
/** The e2e worker's admin token (scripts/e2e-server.mjs sets it), as a request header. */
export const adminHeaders = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` }
export { E2E_ADMIN_TOKEN }
const persistTo = join(root, '.wrangler', `e2e-state-${e2ePort}`)

/** Runs one SQL statement against the e2e D1 and returns its rows. */
export function d1Query<T = Record<string, unknown>>(query: string): T[] {
  return sql(query, persistTo) as T[]
}

/** SQL string literal. */
export const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`

/** `IN (...)` list of string literals. */
export const sqlList = (values: readonly string[]) => `(${values.map(sqlString).join(', ')})`

/**
 * Polls until `query` returns `n` rows (the queue consumer writes asynchronously, ~1 s locally),
 * then returns them.
 */
export async function waitForRows<T = Record<string, unknown>>(
  query: string,
  n: number,
  timeout = 20_000,
): Promise<T[]> {
  let rows: T[] = []
  await expect
    .poll(
      () => {
        rows = d1Query<T>(query)
        return rows.length
      },
      { timeout, intervals: [500, 1_000] },
    )
    .toBe(n)
  return rows
}
