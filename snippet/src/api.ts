/**
 * The `heed(...)` command API. Unknown commands and bad arguments are ignored (logged with data-debug),
 * never thrown: a tracker must not break the page that hosts it.
 *
 *   heed('track', name, props)                      custom event
 *   heed('pageview')                                 manual pageview (data-spa="off")
 *   heed('purchase', { order_id, value, currency, items })
 *   heed('search', { query, results })
 *   heed('identify', userId, traits)                 sent only with marketing consent
 *   heed('consent', { analytics, marketing, source?, id?, store? })
 *   heed('consent:open')                             loads heed-consent.js and asks it to open
 *   heed('consent:bridge', cb)                       for the consent chunk: cb(bridge), see ConsentBridge
 *   heed('forget')                                   clears everything Heed keeps on the device
 *   heed('ready', cb)
 */
import type { Props } from '../../worker/src/protocol'
import { fromGa } from './capture/commerce'
import { pageview } from './capture/pageview'
import { search } from './capture/search'
import { endpoint, options } from './config'
import { emit } from './emit'
import {
  type ConsentListener,
  type ConsentState,
  choice,
  decide,
  forgetChoice,
  onConsentChange,
  type SetOptions,
  setConsent,
  state,
} from './gate'
import { visitorId } from './ids'
import { debug } from './log'

/** What the consent chunk gets from `heed('consent:bridge', cb)`. */
export interface ConsentBridge {
  state(): ConsentState
  /** the stored choice record, if any */
  choice(): typeof choice
  set(state: ConsentState, source: string, opts?: SetOptions): void
  on(cb: ConsentListener): void
  /** cb runs on every heed('consent:open'), including one made before the chunk loaded */
  onOpen(cb: () => void): void
  visitorId(): string | undefined
  /** the snippet's options (data-* attributes in camelCase: site, banner, cmp, privacyUrl, …) */
  options: Record<string, unknown>
  endpoint: string
}

const openers: (() => void)[] = []
let chunk: HTMLScriptElement | undefined

export function loadConsentChunk(): void {
  if (chunk) return
  chunk = document.createElement('script')
  chunk.src = `${endpoint}/heed-consent.js`
  chunk.nonce = (options.nonce as string) || ''
  document.head.appendChild(chunk)
}

/** Flat scalar props only (nested values would get the whole event rejected by the worker). */
const scalars = (p: unknown): Props =>
  Object.fromEntries(Object.entries(p || {}).filter(([, v]) => v === null || /^[sbn]/.test(typeof v)))

export function command(...[name, a, b]: any[]): void {
  try {
    if (name === 'track') a && emit({ type: 'custom', name: String(a), props: scalars(b) })
    else if (name === 'pageview') pageview(1)
    else if (name === 'purchase') {
      const d = fromGa(name, a)
      d && emit(d)
    } else if (name === 'search') search(a.query, a.results)
    else if (name === 'identify') a && emit({ type: 'identify', user_id: String(a), traits: scalars(b) })
    else if (name === 'consent') setConsent(decide(state, a.analytics, a.marketing), a.source || 'api', a)
    else if (name === 'consent:open') {
      // From now on a chunk that registers is told at once.
      openers.push = (cb) => {
        cb()
        return 0
      }
      loadConsentChunk()
      for (const cb of openers) cb()
    } else if (name === 'consent:bridge')
      a({
        state: () => state,
        choice: () => choice,
        set: setConsent,
        on: onConsentChange,
        onOpen: (cb: () => void) => openers.push(cb),
        visitorId,
        options,
        endpoint,
      } satisfies ConsentBridge)
    else if (name === 'forget') forgetChoice()
    else if (name === 'ready') a()
    else debug('unknown command', name)
  } catch (err) {
    debug(name, err)
  }
}
