import { withLease } from '../db/queries/leases'
import type { Env } from '../env'
import { deadLetterRetentionJob } from './dead-letters'
import { webIdentifyJob } from './identity'
import { staleImportsJob } from './imports'
import type { Job } from './job'
import { privacyNoticesJob } from './privacy'
import { profilingJob } from './profiling'
import { retentionJob } from './retention'
import { rollupsJob, rollupsTodayJob } from './rollups'
import { quarantineRetentionJob, saltsJob } from './salts'

/** Jobs in the order the cron runs them. Each area registers its job here. */
export const jobs: Job[] = [
  saltsJob,
  quarantineRetentionJob,
  deadLetterRetentionJob,
  rollupsJob,
  rollupsTodayJob,
  retentionJob,
  webIdentifyJob,
  staleImportsJob,
  profilingJob,
  privacyNoticesJob,
]

/**
 * The cron entry point: runs every job; one job failing does not stop the others. Each job runs
 * under its own lease (`job:<name>`), so an invocation that overlaps a slow earlier one skips the
 * jobs still running there instead of doing (and paying for) them twice.
 */
export async function runScheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
  const now = new Date()
  for (const job of jobs) {
    try {
      const outcome = await withLease(env.DB, `job:${job.name}`, () => job.run(env, now))
      console.log(
        JSON.stringify(
          outcome.ran ? { job: job.name, ...outcome.value } : { job: job.name, skipped: 'leased' },
        ),
      )
    } catch (err) {
      console.error(
        JSON.stringify({ job: job.name, error: err instanceof Error ? err.message : String(err) }),
      )
    }
  }
}
