/**
 * Sends every consent transition to POST /consent — the proof of consent the worker keeps.
 * One row per real change: a CMP or the page's own code repeating the same state on every page
 * load is logged once (the last logged state is kept next to the choice, in `heed_cl`).
 * A change made while the chunk was not loaded is replayed from `b.last` when it connects.
 * A withdrawal is sent at once with the visitor id and secret that are about to be deleted, so the
 * worker erases that visitor. A grant waits until the core has made the visitor id (its first batch,
 * ≤ 5 s, or when the page is left), so the worker can link the decision to the visitor's data and
 * bind the secret. Every decision naming the visitor carries the secret: the worker refuses one
 * without it once the visitor has data (docs/consent.md, "The visitor credential").
 */
import type { ConsentBridge } from '../api'
import type { ConsentState } from '../gate'
import { type Ids, storedIds } from '../ids'
import { KEY_CONSENT, KEY_LOGGED, load, save } from '../util'
import { categoriesOf } from './bridge'
import { actionFor } from './categories'

/** What POST /consent accepts as a source; anything else a page passes is logged as the page's API. */
const SOURCE = /^(banner|api|cmp:[a-z0-9_-]{1,32})$/

/** `locale()` is the banner's language once it was shown. */
export function logDecisions(b: ConsentBridge, gpc: boolean, locale: () => string | undefined): void {
  // `ids` are read by the core before a withdrawal deletes them.
  const log = (next: ConsentState, prev: ConsentState, source: string, ids: Ids | undefined) => {
    // Only heed('forget') leads here, and it has already removed the record.
    if (next === 'unknown') return
    const id = b.choice()?.id
    const last = load<{ id: string; s: string }>(KEY_LOGGED)
    if (!id || (last?.id === id && last.s === next)) return
    save(KEY_LOGGED, { id, s: next })
    const granted = categoriesOf(next)
    let sent = false
    const send = () => {
      if (sent) return
      sent = true
      const own = ids || storedIds()
      navigator.sendBeacon(
        `${b.endpoint}/consent`,
        JSON.stringify({
          site: b.options.site,
          consent_id: id,
          action: actionFor(next, prev, source),
          ...granted,
          source: SOURCE.test(source) ? source : 'api',
          banner_version: b.options.consentVersion,
          locale: source === 'banner' ? locale() : undefined,
          gpc,
          vid: own?.v,
          secret: own?.k,
        }),
      )
    }
    if (granted.analytics && !ids) {
      addEventListener('pagehide', send)
      setTimeout(send, 5500)
    } else send()
  }
  // Read now: on a withdrawal the core deletes the id right after the listeners ran.
  b.on((next, prev, source) => log(next, prev, source, storedIds()))
  // A change made before this chunk loaded (the page called heed('consent') after a choice was stored).
  if (b.last) log(...b.last)
}

/**
 * A marketing grant that GPC (or DNT with data-respect-dnt) caps at analytics; heed.js loads this chunk when the
 * stored choice says marketing and the signal is on. The worker logs that downgrade from the next envelope (it says
 * `consent.gpc`), so the stored choice and the record of what was logged say analytics too, under the same consent
 * id: the settings show what holds, a later grant on this device is logged as a change instead of looking like a
 * repeat, and a page repeating heed('consent') before this chunk connected is not logged again.
 */
export function settleCappedGrant(b: ConsentBridge, capped: boolean): void {
  const c = b.choice()
  if (!capped || !c) return
  if (c.s === 'marketing') {
    c.s = 'analytics'
    save(KEY_CONSENT, c)
  }
  const logged = load<{ id: string; s: string }>(KEY_LOGGED)
  if (logged?.id === c.id && logged.s === 'marketing') save(KEY_LOGGED, { id: c.id, s: 'analytics' })
}
