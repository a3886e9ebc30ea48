/**
 * Leases (the `leases` table): at most one holder of a name at a time. Taking one is a single
 * upsert that succeeds only when the name is free or its lease has expired, so two runs that ask
 * at the same moment cannot both get it.
 */

/** How long a lease lasts unless given back: a scheduled invocation never runs longer. */
export const LEASE_MS = 15 * 60_000

/** Takes the lease `name` for `holder` until now + ttl; false when someone else holds it. */
export async function takeLease(
  d1: D1Database,
  name: string,
  holder: string,
  now: number,
  ttlMs = LEASE_MS,
): Promise<boolean> {
  const taken = await d1
    .prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at <= ?4
       RETURNING holder`,
    )
    .bind(name, holder, now + ttlMs, now)
    .first<{ holder: string }>()
  return taken?.holder === holder
}

/** Gives the lease back, if `holder` still holds it. */
export async function releaseLease(d1: D1Database, name: string, holder: string): Promise<void> {
  await d1.prepare('DELETE FROM leases WHERE name = ?1 AND holder = ?2').bind(name, holder).run()
}

/**
 * Runs `work` under the lease `name`, given back when it ends (or fails); `{ ran: false }` without
 * running it when another holder has the lease.
 */
export async function withLease<T>(
  d1: D1Database,
  name: string,
  work: () => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  const holder = crypto.randomUUID()
  if (!(await takeLease(d1, name, holder, Date.now()))) return { ran: false }
  try {
    return { ran: true, value: await work() }
  } finally {
    await releaseLease(d1, name, holder)
  }
}
