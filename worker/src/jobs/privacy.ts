import { refreshNotices } from '../privacy/versions'
import type { Job } from './job'

/** Writes a new privacy notice version for every site whose facts or notice writer changed. */
export const privacyNoticesJob: Job = { name: 'privacy-notices', run: (env, now) => refreshNotices(env, now) }
