/**
 * heed-consent.js: loaded by heed.js when a choice is needed (or the page asks for the settings).
 * It connects to the core's consent gate through `heed('consent:bridge', cb)`, logs every decision
 * to the worker, lets a CMP drive the gate when there is one, and otherwise shows Heed's banner.
 */
import type { ConsentBridge } from '../api'
import { visitorId } from '../ids'
import { cmpPresent } from '../consent/adapters'
import { flag, type Options, setOptions } from '../config'
import { categoriesOf } from '../consent/bridge'
import type { Categories, PageGlobals } from '../consent/categories'
import { logDecisions, settleCappedGrant } from '../consent/log'
import { optOutSignal } from '../consent/signals'
import { loadStrings, pickLang } from './lang'
import { deleteData, downloadData } from './self-service'
import { type Banner, createBanner } from './ui'

const w = window as unknown as PageGlobals & { heed: (...args: unknown[]) => void }
/** A path without `.html` or a trailing slash: the privacy page may be served either way. */
const path = (u: string) => new URL(u, location.href).pathname.replace(/(\.html|\/)$/, '')

function connect(b: ConsentBridge) {
  setOptions(b.options as Options, b.endpoint)
  const o = b.options as Record<string, string | undefined>
  const site = String(o.site)
  const decide = (c: Categories) => w.heed('consent', { ...c, source: 'banner' })
  const current = () => categoriesOf(b.state())
  const lang = pickLang([o.lang, document.documentElement.lang, navigator.language])
  let shown: string | undefined
  const gpc = optOutSignal(navigator, flag('respectDnt'))
  settleCappedGrant(b, gpc)
  logDecisions(b, gpc, () => shown)
  const gcmIsOurs = flag('emitGcm')
  const cmp = cmpPresent(w, o.cmp || 'auto', gcmIsOurs)
  // The CMP adapters (and the Consent Mode mirror) live in their own chunk: banner visitors skip them.
  if (cmp || gcmIsOurs) {
    const s = document.createElement('script')
    s.src = `${b.endpoint}/heed-consent-cmp.js`
    if (o.nonce) s.nonce = o.nonce
    document.head.appendChild(s)
  }

  let banner: Banner | undefined
  const pending: ((x: Banner) => void)[] = []
  /** Loads the language once, builds the dialog (hidden), then runs `then` on it. */
  const withBanner = (then: (x: Banner) => void) => {
    if (banner) return then(banner)
    if (pending.push(then) > 1) return
    shown = lang
    loadStrings(b.endpoint, lang, o.nonce, (strings) => {
      banner = createBanner({
        strings,
        lang,
        privacyUrl: o.privacyUrl,
        aiName: o.aiProvider,
        button: flag('preferencesButton'),
        current,
        visitorId,
        decide,
        download: () => downloadData(b.endpoint, site),
        erase: () => deleteData(b.endpoint, site),
      })
      for (const f of pending) f(banner)
    })
  }
  const open = () => withBanner((x) => x.show(true))
  // This chunk takes heed('consent:open') over (`[data-heed-preferences]` clicks go there too), and answers
  // one made before it connected.
  b.commands['consent:open'] = open
  b.opened && open()

  const onPolicy = !!o.privacyUrl && path(o.privacyUrl) === path(location.href)
  const mode = o.banner || 'auto'
  const ask = b.state() === 'unknown' && !/bot|crawl|spider/i.test(navigator.userAgent) && !onPolicy
  if (ask && (mode === 'on' || (!cmp && mode === 'auto'))) withBanner((x) => x.show(false))
  else if (flag('preferencesButton')) withBanner(() => {})
}

try {
  w.heed?.('consent:bridge', connect)
} catch {}
