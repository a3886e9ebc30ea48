/**
 * heed-consent.js: loaded by heed.js when a choice is needed (or the page asks for the settings).
 * It connects to the core's consent gate through `heed('consent:bridge', cb)`, logs every decision
 * to the worker, lets a CMP drive the gate when there is one, and otherwise shows Heed's banner.
 */
import type { ConsentBridge } from '../api'
import type { Categories, PageGlobals } from '../consent/categories'
import { startAdapters } from '../consent/adapters'
import { emitGcm } from '../consent/gcm'
import { logDecisions } from '../consent/log'
import { optOutSignal } from '../consent/signals'
import { load } from '../util'
import { loadStrings, pickLang } from './lang'
import { deleteData, downloadData } from './self-service'
import { createBanner } from './ui'

const w = window as unknown as PageGlobals & { heed: (...args: unknown[]) => void }
const BOTS = /bot|crawl|spider|slurp|lighthouse|headless|preview/i
/** A data-attribute switch: present and not "false"/"off"/"0". */
const flag = (v: string | undefined) => v !== undefined && !/^(false|off|0|no)$/.test(v)

function connect(b: ConsentBridge) {
  const o = b.options as Record<string, string | undefined>
  const heed = (c: Categories, source: string, store?: boolean, id?: string) =>
    w.heed('consent', { ...c, source, store, id })
  const current = (): Categories => {
    const s = b.state()
    return { analytics: s === 'analytics' || s === 'marketing', marketing: s === 'marketing' }
  }
  const lang = pickLang([o.lang, document.documentElement.lang, navigator.language])
  let shown: string | undefined
  logDecisions(b, {
    gpc: optOutSignal(navigator, flag(o.respectDnt)),
    locale: () => shown,
    jurisdiction:
      o.jurisdiction && /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(o.jurisdiction) ? o.jurisdiction : undefined,
  })
  if (flag(o.emitGcm)) b.on((_n, _p, source) => source.startsWith('cmp:') || emitGcm(w, current()))

  let banner: ReturnType<typeof createBanner> | undefined
  const pending: ((x: NonNullable<typeof banner>) => void)[] = []
  /** Loads the language once, builds the dialog (hidden) and runs `then` on it. */
  const withBanner = (then: (x: NonNullable<typeof banner>) => void) => {
    if (banner) return then(banner)
    if (pending.push(then) > 1) return
    shown = lang
    loadStrings(b.endpoint, lang, o.nonce, (strings) => {
      banner = createBanner({
        strings,
        lang,
        privacyUrl: o.privacyUrl,
        aiName: o.aiProvider,
        button: flag(o.preferencesButton),
        current,
        visitorId: b.visitorId,
        decide: (c) => heed(c, 'banner'),
        download: (vid) => downloadData(b.endpoint, String(o.site), vid),
        erase: (vid) => deleteData(b.endpoint, String(o.site), vid),
      })
      document.body.append(banner.root)
      for (const f of pending) f(banner)
    })
  }
  const open = (withSettings: boolean) => withBanner((x) => x.show(withSettings))

  b.onOpen(() => open(true))
  document.addEventListener('click', (e) => {
    const el = (e.target as Element | null)?.closest?.('[data-heed-preferences]')
    if (!el) return
    e.preventDefault()
    open(true)
  })

  // Not over the privacy policy itself (its URL may be served with or without .html).
  const path = (u: string) => new URL(u, location.href).pathname.replace(/(\.html|\/)$/, '')
  const policy = o.privacyUrl && path(o.privacyUrl) === path(location.href)
  const cmpDecision = (c: Categories, source: string) =>
    heed(c, source, false, load<{ id: string }>('heed_cl')?.id)
  startAdapters(w, o, cmpDecision, (cmp) => {
    const mode = o.banner || 'auto'
    const ask = b.state() === 'unknown' && !BOTS.test(navigator.userAgent) && !policy
    if ((mode === 'on' || (!cmp && mode === 'auto')) && ask) open(false)
    else if (flag(o.preferencesButton)) withBanner(() => {})
  })
}

try {
  w.heed?.('consent:bridge', connect)
} catch {}
