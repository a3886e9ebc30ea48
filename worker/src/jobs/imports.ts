import { cleanStaleImports } from '../sources/imports/cleanup'
import type { Job } from './job'

/** Discards imports whose upload was abandoned, with their staged rows. */
export const staleImportsJob: Job = {
  name: 'stale-imports',
  run: (env, now) => cleanStaleImports(env.DB, now.getTime()),
}
