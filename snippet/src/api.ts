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
import { commerce } from './capture/commerce'
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
  last,
  onConsentChange,
  setConsent,
  state,
  type Transition,
} from './gate'
import { visitorId } from './ids'
import { debug } from './log'

/** What the consent chunk gets from `heed('consent:bridge', cb)`. */
export interface ConsentBridge {
  state(): ConsentState
  /** the stored choice record, if any */
  choice(): typeof choice
  on(cb: ConsentListener): void
  /** cb runs on every heed('consent:open'), including one made before the chunk loaded */
  onOpen(cb: () => void): void
  visitorId(): string | undefined
  /** the latest transition when the chunk connected, made before it loaded (see `consent` below) */
  last?: Transition
  /** the snippet's options (data-* attributes in camelCase: site, banner, cmp, privacyUrl, …) */
  options: Record<string, unknown>
  endpoint: string
}

/** The banner's open function once it connected; before that, `opened` remembers a heed('consent:open'). */
let opener: (() => void) | undefined
let opened = 0
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

// biome-ignore lint/suspicious/noExplicitAny: arguments come from untyped page code
type Args = any

const commands: Record<string, (a: Args, b: Args) => void> = {
  track: (name, props) => name && emit({ type: 'custom', name: `${name}`, props: scalars(props) }),
  pageview: () => pageview(1),
  purchase: (p) => commerce('purchase', p),
  search: (s) => search(s.query, s.results),
  identify: (id, traits) => id && emit({ type: 'identify', user_id: `${id}`, traits: scalars(traits) }),
  consent(c) {
    const prev = state
    setConsent(decide(prev, c.analytics, c.marketing), c.source || 'api', c)
    // A change on a page without the chunk (a choice was stored): load it, so it logs `last` to POST /consent.
    state !== prev && loadConsentChunk()
  },
  'consent:open'() {
    loadConsentChunk()
    if (opener) opener()
    else opened = 1
  },
  'consent:bridge': (cb) =>
    cb({
      state: () => state,
      choice: () => choice,
      on: onConsentChange,
      onOpen(f: () => void) {
        opener = f
        opened && f()
      },
      visitorId,
      last,
      options,
      endpoint,
    } satisfies ConsentBridge),
  forget: forgetChoice,
  ready: (cb) => cb(),
}

export function command(name: string, a?: Args, b?: Args): void {
  try {
    commands[name]?.(a, b)
  } catch (err) {
    debug(name, err)
  }
}
