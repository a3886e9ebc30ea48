import { purgeDeadLetters } from '../ingest/dead-letter'
import type { Job } from './job'

/** Dead letters (and the bot receipts a replay needs) are kept 30 days, then deleted (bounded per run). */
export const deadLetterRetentionJob: Job = {
  name: 'dead-letter-retention',
  run: (env, now) => purgeDeadLetters(env.DB, now.getTime()),
}
