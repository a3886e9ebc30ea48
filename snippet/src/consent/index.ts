/**
 * heed-consent-cmp.js: loaded by heed-consent.js only on pages with a consent management platform
 * (or `data-cmp` forcing one, or `data-emit-gcm`), so visitors who see Heed's own banner never
 * download the adapters. It reaches the gate like the banner chunk does, through
 * `heed('consent:bridge', cb)`, and decides with `heed('consent', …)`; the banner chunk's logger
 * records those decisions like any other.
 */
import type { ConsentBridge } from '../api'
import { KEY_LOGGED, load } from '../util'
import { startAdapters } from './adapters'
import { flag, type Options, setOptions } from '../config'
import { categoriesOf } from './bridge'
import type { PageGlobals } from './categories'
import { emitGcm } from './gcm'

const w = window as unknown as PageGlobals & { heed: (...args: unknown[]) => void }

function connect(b: ConsentBridge) {
  setOptions(b.options as Options, b.endpoint)
  const o = b.options as Record<string, string | undefined>
  const gcmIsOurs = flag('emitGcm')
  if (gcmIsOurs)
    b.on((next, _prev, source) => {
      source.startsWith('cmp:') || emitGcm(w, categoriesOf(next))
    })
  // A CMP owns storage: no choice record of Heed's, but one stable consent id for the log.
  startAdapters(w, o.cmp || 'auto', gcmIsOurs, (c, source) =>
    w.heed('consent', { ...c, source, store: false, id: load<{ id: string }>(KEY_LOGGED)?.id }),
  )
}

try {
  w.heed?.('consent:bridge', connect)
} catch {}
