/** Wires options, gate, queue and pageviews together; shared by the IIFE (index.ts) and the ESM build (esm.ts). */
import { command, loadChunk, wantCapture } from './api'
import { pageview, watchNavigation } from './capture/pageview'
import { flag, type Options, opt, setOptions } from './config'
import { releaseHeld } from './emit'
import { capped, choice, initGate, type Mode, state, stores } from './gate'
import { hooks } from './hooks'
import { clearIds } from './ids'
import { debug } from './log'
import { clearQueue, flush } from './queue'
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

/** Why this visit is never tracked (said with data-debug): no site, local development, a bot, the owner's opt-out flag. */
export const ignoredBecause = (): string | false =>
  (!opt('site') && 'no site') ||
  (!flag('allowLocalhost') &&
    /^(localhost|127(\.\d+){3}|\[::1\]|)$/.test(location.hostname) &&
    'localhost') ||
  ((navigator.webdriver || /headless/i.test(navigator.userAgent)) && 'bot') ||
  (load('heed_ignore') === true && 'heed_ignore')

/** `loadCapture` brings in the capture chunk: a <script> for heed.js, a direct call in the ESM build. */
export function start(o: Options, fallbackEndpoint: string, loadCapture: () => void): Heed {
  setOptions(o, fallbackEndpoint)
  const early = window.heed?.q || []
  const why = ignoredBecause()
  const heed: Heed = (name, a, b) => (!why || name === 'ready') && command(name, a, b)
  heed.loaded = 1
  window.heed = heed
  if (why) debug(why)
  else {
    initGate(
      opt('mode') as Mode,
      navigator.globalPrivacyControl || (flag('respectDnt') && navigator.doNotTrack === '1'),
      o.consentVersion as string | undefined,
      // A consent change: a grant brings the capture chunk and releases the held pageview; anything else takes
      // the ids and whatever waits to be sent off the device.
      () => {
        stores() ? wantCapture(false, loadCapture) : (clearIds(), clearQueue())
        releaseHeld()
      },
    )
    watchNavigation()
    const leave = () => {
      hooks.leave?.()
      flush(1)
    }
    on(document, 'visibilitychange', () => document.hidden && leave())
    on(window, 'pagehide', leave)
    // Settings links work on every page, with or without the consent chunk: it loads on the first click.
    on(
      document,
      'click',
      (e: MouseEvent) =>
        (e.target as Element).closest?.('[data-heed-preferences]') &&
        (e.preventDefault(), command('consent:open')),
      true,
    )
  }
  const begin = () => {
    if (!why) {
      pageview()
      stores() && wantCapture(true, loadCapture)
      const banner = opt('banner')
      const cmp = opt('cmp', 'none')
      // The consent chunk: when a choice is needed (unless data-banner="off"), to run a CMP adapter, to show
      // the settings button.
      ;((state === 'unknown' && banner !== 'off') ||
        banner === 'on' ||
        cmp !== 'none' ||
        flag('preferencesButton') ||
        // GPC caps a stored marketing grant: the chunk brings the device's records in line (consent/log.ts).
        (capped && choice?.s === 'marketing')) &&
        loadChunk('consent')
    }
    for (const args of early) heed.apply(0, args as unknown[])
  }
  document.readyState === 'loading' ? on(document, 'DOMContentLoaded', begin) : begin()
  return heed
}
