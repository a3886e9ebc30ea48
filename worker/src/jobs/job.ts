import type { Env } from '../env'

/**
 * One cron job: does a bounded chunk of work and resumes where the last run stopped,
 * so a single scheduled invocation stays within Worker limits.
 */
export interface Job {
  name: string
  run(env: Env, now: Date): Promise<Record<string, number | string>>
}
