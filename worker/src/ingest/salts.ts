/**
 * Daily salts for cookieless visitor hashes (identity.ts). The cron keeps today's and tomorrow's
 * ready, so midnight needs no write on the hot path, and deletes each salt 48 h after its day
 * began: from then on, that day's hashes can no longer be recomputed from an IP address. The
 * day's per-address quota counts (address_usage) are deleted with it.
 */
import { createSaltStatement, dailySalt } from '../db/queries/events'
import { DAY_MS } from '../lib/time'
import { clientAddressHash, randomSalt, utcDay } from './identity'

/** A salt is used for its UTC day and deleted 48 h after that day began. */
export const SALT_LIFETIME_MS = 2 * DAY_MS

/** Creates today's and tomorrow's salts when missing (never changes one) and deletes expired ones. */
export async function rotateSalts(d1: D1Database, now: number) {
  const today = utcDay(now)
  const tomorrow = utcDay(now + DAY_MS)
  // Yesterday's salt began less than 48 h ago; anything older goes.
  const oldestKept = utcDay(now - SALT_LIFETIME_MS + DAY_MS)
  const [, , deleted] = await d1.batch([
    createSaltStatement(d1, today, randomSalt(), now),
    createSaltStatement(d1, tomorrow, randomSalt(), now),
    d1.prepare('DELETE FROM salts WHERE day < ?').bind(oldestKept),
    // Per-address counts are keyed by that day's salted address hash: they go with the salt.
    d1.prepare('DELETE FROM address_usage WHERE day < ?').bind(oldestKept),
  ])
  return { today, deleted: deleted?.meta.changes ?? 0 }
}

let cached: { day: string; value: string } | null = null

/** Today's (UTC) salt, created on first use; cached per isolate for the day. */
export async function todaysSalt(d1: D1Database, now: number): Promise<string> {
  const day = utcDay(now)
  if (cached?.day === day) return cached.value
  const value = await dailySalt(d1, day, randomSalt(), now)
  cached = { day, value }
  return value
}

/** The requesting client address as today's salted hash (identity.ts), for limits and audit keys. */
export async function clientAddressToday(d1: D1Database, ip: string, now: number): Promise<string> {
  return clientAddressHash(await todaysSalt(d1, now), ip)
}
