import { profileSites } from '../profiling/sites'
import type { Job } from './job'

/** Profiles the sites in turn within the run's PROFILE_MAX_* budget. */
export const profilingJob: Job = { name: 'profiling', run: profileSites }
