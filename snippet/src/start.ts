/** Wires options, gate, queue and capture together; shared by the IIFE (index.ts) and the ESM build (esm.ts). */
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { command, loadConsentChunk } from './api'
import { watchClicks } from './capture/clicks'
import { watchDataLayer } from './capture/commerce'
import { watchEngagement } from './capture/engagement'
import { pageview, watchNavigation } from './capture/pageview'
import { watchSearchForms } from './capture/search'
import { endpoint, flag, type Options, opt, setOptions } from './config'
import { releaseHeld } from './emit'
import { allows, capped, choice, initGate, type Mode, state, stores } from './gate'
import { clearIds, touchIds } from './ids'
import { debug } from './log'
import { clearQueue, flush, initQueue, storeQueue } from './queue'
import { load, on } from './util'

export type Heed = ((...args: any[]) => void) & { q?: ArrayLike<unknown>[]; loaded?: 1 }

declare global {
  interface Window {
    heed?: Heed
  }
  interface Navigator {
    globalPrivacyControl?: boolean
  }
}

const envelope = (events: WireEvent[]): Envelope => {
  const ids = stores() ? touchIds() : undefined
  return {
    v: 1,
    site: opt('site'),
    vid: ids?.v,
    sid: ids?.s,
    consent: { analytics: !!ids, marketing: state === 'marketing', id: choice?.id, gpc: capped || undefined },
    events,
  }
}

/** What a consent change does on this device: ids and queue go with the grant; a grant releases the held pageview. */
function applyConsent(): void {
  stores() || clearIds()
  allows('click') ? storeQueue() : clearQueue()
  releaseHeld()
}

/** Why this visit is never tracked: local development, automated browsers, the owner's own opt-out flag. */
export const ignoredBecause = (): string | false =>
  (!opt('site') && 'no data-site') ||
  (!flag('allowLocalhost') &&
    /^(localhost|127(\.\d+){3}|\[::1\]|)$/.test(location.hostname) &&
    'localhost') ||
  ((navigator.webdriver || /headless/i.test(navigator.userAgent)) && 'automated browser') ||
  (load('heed_ignore') === true && 'heed_ignore')

export function start(o: Options, fallbackEndpoint: string): Heed {
  setOptions(o, fallbackEndpoint)
  const early = window.heed?.q || []
  const why = ignoredBecause()
  const heed: Heed = (name, a, b) => (!why || name === 'ready') && command(name, a, b)
  heed.loaded = 1
  window.heed = heed
  if (why) debug('not tracking:', why)
  else {
    initGate(
      opt('mode') as Mode,
      navigator.globalPrivacyControl || (flag('respectDnt') && navigator.doNotTrack === '1'),
      o.consentVersion as string | undefined,
      applyConsent,
    )
    initQueue(`${endpoint}/collect`, envelope, stores)
    watchNavigation()
    watchEngagement(() => flush(1))
    watchClicks()
    watchSearchForms()
  }
  const begin = () => {
    if (!why) {
      pageview()
      watchDataLayer()
      const banner = opt('banner')
      const cmp = opt('cmp', 'none')
      // The consent chunk: when a choice is needed (unless data-banner="off"), to run a CMP adapter, or to show
      // the settings button.
      ;((state === 'unknown' && banner !== 'off') ||
        banner === 'on' ||
        cmp !== 'none' ||
        flag('preferencesButton')) &&
        loadConsentChunk()
    }
    for (const args of early) heed(...Array.from(args))
  }
  document.readyState === 'loading' ? on(document, 'DOMContentLoaded', begin) : begin()
  return heed
}
