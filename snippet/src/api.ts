/**
 * The `heed(...)` command API. Unknown commands and bad arguments are ignored (logged with data-debug),
 * never thrown: a tracker must not break the page that hosts it.
 *
 *   heed('pageview')                                 manual pageview (data-spa="off")
 *   heed('consent', { analytics, marketing, source?, id?, store? })
 *   heed('consent:open')                             loads heed-consent.js and asks it to open
 *   heed('forget')                                   clears everything Heed keeps on the device
 *   heed('ready', cb)
 * and, added by the capture chunk once the visitor allows analytics (capture/index.ts; calls made before it
 * connects wait for it):
 *   heed('track', name, props)                      custom event
 *   heed('purchase', { order_id, value, currency, items })
 *   heed('search', { query, results })
 *   heed('identify', userId, traits)                 sent only with marketing consent
 * The chunks connect through two more: heed('consent:bridge', cb) (see ConsentBridge) and
 * heed('capture:bridge', cb) (see CaptureBridge).
 */
import { pageview } from './capture/pageview'
import type { CaptureBridge } from './capture/host'
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
  allows,
  setConsent,
  state,
  stores,
  type Transition,
} from './gate'
import { failed, hooks } from './hooks'
import { debug } from './log'

/** What the consent chunk gets from `heed('consent:bridge', cb)`. */
export interface ConsentBridge {
  state(): ConsentState
  /** the stored choice record, if any */
  choice(): typeof choice
  on(cb: ConsentListener): void
  /** heed('consent:open') was called before the chunk connected (the chunk then takes that command over) */
  opened: boolean
  /** the command table: a chunk may add or take over commands */
  commands: Record<string, (a: any, b: any) => void>
  /** the latest transition when the chunk connected, made before it loaded (see `consent` below) */
  last?: Transition
  /** the snippet's options (data-* attributes in camelCase: site, banner, cmp, privacyUrl, …) */
  options: Record<string, unknown>
  endpoint: string
}

/** A heed('consent:open') before the consent chunk connected and took that command over. */
let opened = false
const loaded: Record<string, 1> = {}

/** Loads heed-<name>.js from the endpoint, once. */
export function loadChunk(name: string): void {
  if (loaded[name]) return
  loaded[name] = 1
  const s = document.createElement('script')
  s.src = `${endpoint}/heed-${name}.js`
  s.nonce = (options.nonce as string) || ''
  document.head.append(s)
}

// biome-ignore lint/suspicious/noExplicitAny: arguments come from untyped page code
type Args = any

/** Capture commands called before the capture chunk connected, while consent allows it. */
let waiting: Args[][] | 0 = []
/** Set when the capture chunk is asked for: true when consent stood at page load. */
let captureEarly: boolean | undefined

export const commands: Record<string, (a: Args, b: Args) => void> = {
  pageview: () => pageview(1),
  consent(c) {
    const prev = state
    setConsent(decide(prev, c.analytics, c.marketing), c.source || 'api', c)
    // A change on a page without the chunk (a choice was stored): load it, so it logs `last` to POST /consent.
    state !== prev && loadChunk('consent')
  },
  'consent:open'() {
    loadChunk('consent')
    opened = true
  },
  'consent:bridge': (cb) => cb(bridge()),
  'capture:bridge'(cb) {
    cb(bridge())
    const calls = waiting || []
    waiting = 0
    for (const c of calls) command(...(c as [string]))
  },
  forget: forgetChoice,
  ready: (cb) => cb(),
}

/** What either chunk gets from the core: one object, so the core carries one description of itself. */
const bridge = (): CaptureBridge => ({
  state: () => state,
  choice: () => choice,
  on: onConsentChange,
  opened,
  last,
  options,
  endpoint,
  emit,
  stores,
  hooks,
  failed,
  commands,
  early: captureEarly,
})

/** Asks for the capture chunk; `early` when consent stood at page load. Asking again is harmless: heed.js loads
 * the chunk once, and the chunk connects once. */
export function wantCapture(early: boolean, load: () => void): void {
  captureEarly ??= early
  load()
}

export function command(name: string, a?: Args, b?: Args): void {
  try {
    const f = commands[name]
    if (f) f(a, b)
    // Not connected yet: wait for the chunk, but only if this consent state allows the command's event now
    // (identify needs marketing), as emit would have decided at this moment.
    else if (waiting && allows(name) > 1) waiting.push([name, a, b])
    else debug(name)
  } catch (err) {
    debug(name, err)
  }
}
