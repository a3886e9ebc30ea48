import { purgeQuarantine } from '../ingest/quarantine'
import { rotateSalts } from '../ingest/salts'
import type { Job } from './job'

/** Daily salt rotation for cookieless visitor hashes. */
export const saltsJob: Job = {
  name: 'salts',
  run: (env, now) => rotateSalts(env.DB, now.getTime()),
}

/** Quarantine rows are kept 30 days for the site owner, then deleted (bounded per run). */
export const quarantineRetentionJob: Job = {
  name: 'quarantine-retention',
  run: (env, now) => purgeQuarantine(env.DB, now.getTime()),
}
