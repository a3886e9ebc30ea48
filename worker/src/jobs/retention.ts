import { purgeExpired } from '../consent/retention'
import type { Job } from './job'

/** Deletes what has outlived each site's retention, a bounded chunk per run. */
export const retentionJob: Job = {
  name: 'retention',
  run: (env, now) => purgeExpired(env.DB, now.getTime()),
}
