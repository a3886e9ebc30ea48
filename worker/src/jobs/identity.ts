import { stitchWebIdentifies } from '../sources/identity/web-identify'
import type { Job } from './job'

/** Links the visitors the snippet identified to persons, resuming after the last identify read. */
export const webIdentifyJob: Job = {
  name: 'identity',
  run: (env, now) => stitchWebIdentifies(env.DB, now.getTime()),
}
