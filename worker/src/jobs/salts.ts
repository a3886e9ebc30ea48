import { createSaltStatement } from '../db/queries/events'
import { randomSalt, utcDay } from '../ingest/identity'
import { QUARANTINE_DAYS } from '../ingest/quarantine'
import type { Env } from '../env'
import type { Job } from './scheduled'

const DAY_MS = 24 * 60 * 60 * 1000
/** A salt is used for its UTC day and deleted 48 h after that day began. */
export const SALT_LIFETIME_MS = 2 * DAY_MS

/**
 * Daily salt rotation for cookieless visitor hashes: makes sure today's and tomorrow's salts exist
 * (so midnight needs no write on the hot path) and deletes salts whose day began more than 48 h
 * ago. Once deleted, yesterday's hashes can no longer be recomputed from an IP address.
 */
export const saltsJob: Job = {
  name: 'salts',
  async run(env: Env, now: Date) {
    const t = now.getTime()
    const today = utcDay(t)
    const tomorrow = utcDay(t + DAY_MS)
    // Yesterday's salt began less than 48 h ago; anything older goes.
    const oldestKept = utcDay(t - SALT_LIFETIME_MS + DAY_MS)
    const [, , deleted] = await env.DB.batch([
      createSaltStatement(env.DB, today, randomSalt(), t),
      createSaltStatement(env.DB, tomorrow, randomSalt(), t),
      env.DB.prepare('DELETE FROM salts WHERE day < ?').bind(oldestKept),
    ])
    return { today, deleted: deleted?.meta.changes ?? 0 }
  },
}

/** Quarantine rows are kept 30 days for the site owner, then deleted (bounded per run). */
export const quarantineRetentionJob: Job = {
  name: 'quarantine-retention',
  async run(env: Env, now: Date) {
    const cutoff = now.getTime() - QUARANTINE_DAYS * DAY_MS
    const result = await env.DB.prepare(
      'DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine WHERE created_at < ? LIMIT 5000)',
    )
      .bind(cutoff)
      .run()
    return { deleted: result.meta.changes ?? 0 }
  },
}
