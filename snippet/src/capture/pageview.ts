/**
 * Pageviews (in heed.js: cookieless mode sends them before any consent): on load, on SPA navigation
 * (pushState, replaceState, popstate), never twice in a row for the same URL, and again when the page comes back
 * from the back/forward cache. A hash change fires popstate too: with data-spa="hash" the fragment is part of
 * the page URL, so it counts; otherwise the URL is unchanged and it doesn't.
 */
import { opt, pageUrl } from '../config'
import { emit } from '../emit'
import { hooks } from '../hooks'
import { on } from '../util'

let last: string | undefined

export function pageview(again?: unknown): void {
  const url = pageUrl()
  if (url === last && !again) return
  hooks.page?.(url)
  // After an SPA navigation the page we came from is the referrer.
  const referrer = last || document.referrer || null
  last = url
  emit({ type: 'pageview', title: document.title || null, referrer }, url)
}

export function watchNavigation(): void {
  if (opt('spa') !== 'off') {
    for (const m of ['pushState', 'replaceState'] as const) {
      const original = history[m]
      history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args)
        pageview()
      }
    }
    on(window, 'popstate', () => pageview())
  }
  on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && pageview(1))
}
