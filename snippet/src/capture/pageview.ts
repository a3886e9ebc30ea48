/**
 * Pageviews: on load, on SPA navigation (pushState, replaceState, popstate; hashchange with data-spa="hash"),
 * never twice in a row for the same URL, and again when the page comes back from the back/forward cache.
 */
import { opt } from '../config'
import { emit, pageUrl } from '../emit'
import { on } from '../util'
import { reportEngagement, resetEngagement } from './engagement'
import { searchFromUrl } from './search'

let last: string | undefined

export function pageview(again?: unknown): void {
  const url = pageUrl()
  if (url === last && !again) return
  last && reportEngagement()
  // After an SPA navigation the page we came from is the referrer.
  const referrer = last || document.referrer || null
  last = url
  resetEngagement(url)
  emit({ type: 'pageview', title: document.title || null, referrer }, url)
  searchFromUrl()
}

export function watchNavigation(): void {
  const spa = opt('spa')
  if (spa !== 'off') {
    for (const m of ['pushState', 'replaceState'] as const) {
      const original = history[m]
      history[m] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args)
        pageview()
      }
    }
    on(window, 'popstate', () => pageview())
    spa === 'hash' && on(window, 'hashchange', () => pageview())
  }
  on(window, 'pageshow', (e: PageTransitionEvent) => e.persisted && pageview(1))
}
