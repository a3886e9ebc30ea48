/**
 * How the consent chunks read what the core hands them through `heed('consent:bridge', cb)`
 * (ConsentBridge in snippet/src/api.ts): its options' on/off switches and its gate state as the two
 * categories. heed-consent.js and heed-consent-cmp.js both need them, so they are written once, here.
 */
import type { Categories, GateState } from './categories'

/**
 * A data-attribute switch, read like the core reads its own (snippet/src/config.ts `flag`): a bare
 * attribute (`''`), `true` or any other value is on; absent, `false`, `off`, `0` and `no` are off.
 */
export const isOn = (v: unknown): boolean =>
  // test() reads its argument as a string itself: `false` and `true` from init() work too.
  v != null && !/^(false|off|0|no)$/.test(v as string)

/** What a gate state grants: marketing includes analytics; unknown, denied and withdrawn grant neither. */
export const categoriesOf = (s: GateState): Categories => ({
  analytics: s === 'analytics' || s === 'marketing',
  marketing: s === 'marketing',
})
