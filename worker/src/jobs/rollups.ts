import { runRollups, runTodayRollups } from '../query/rollups/build'
import type { Job } from './job'

/** Whole local days: new ones, late arrivals and days marked dirty, fairly shared between sites. */
export const rollupsJob: Job = { name: 'rollups', run: (env, now) => runRollups(env, now) }

/** Today up to the watermark, for sites whose whole days are caught up. */
export const rollupsTodayJob: Job = { name: 'rollups-today', run: (env, now) => runTodayRollups(env, now) }
