/**
 * How the consent chunks read the gate state the core hands them through `heed('consent:bridge', cb)`
 * (ConsentBridge in snippet/src/api.ts): as the two categories. Their on/off options they read like the core,
 * with config.ts `flag` after `setOptions(b.options, b.endpoint)`.
 */
import { type ConsentState, stores } from '../gate'
import type { Categories } from './categories'

/** What a gate state grants: marketing includes analytics; unknown, denied and withdrawn grant neither. */
export const categoriesOf = (s: ConsentState): Categories => ({
  analytics: stores(s),
  marketing: s === 'marketing',
})
