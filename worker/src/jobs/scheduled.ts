import type { Env } from '../env'
import { profilingJob } from './profiling'
import { retentionJob } from './retention'
import { rollupsJob, rollupsTodayJob } from './rollups'
import { quarantineRetentionJob, saltsJob } from './salts'
import { webIdentifyJob } from '../sources/identity/web-identify'
import { staleImportsJob } from '../sources/imports/cleanup'

/**
 * One cron job: does a bounded chunk of work and resumes where the last run stopped,
 * so a single scheduled invocation stays within Worker limits.
 */
export interface Job {
  name: string
  run(env: Env, now: Date): Promise<Record<string, number | string>>
}

/** Jobs in the order the cron runs them. Each area registers its job here. */
export const jobs: Job[] = [
  saltsJob,
  quarantineRetentionJob,
  rollupsJob,
  rollupsTodayJob,
  retentionJob,
  webIdentifyJob,
  staleImportsJob,
  profilingJob,
]

/** The cron entry point: runs every job; one job failing does not stop the others. */
export async function runScheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext) {
  const now = new Date()
  for (const job of jobs) {
    try {
      const result = await job.run(env, now)
      console.log(JSON.stringify({ job: job.name, ...result }))
    } catch (err) {
      console.error(
        JSON.stringify({ job: job.name, error: err instanceof Error ? err.message : String(err) }),
      )
    }
  }
}
