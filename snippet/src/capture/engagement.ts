/**
 * Engagement: visible time and deepest scroll of the current page, reported when the page is hidden or left
 * and before an SPA navigation. `visible_ms` counts the time since the previous report (they add up per page);
 * `scroll_pct` is the deepest point so far. Nothing is sent when neither grew. Measuring starts when the capture
 * chunk connects, that is once the visitor allows analytics.
 */
import { pageUrl } from '../config'
import { now, on } from '../util'
import { emit, hooks } from './host'

let url = ''
let visible = 0
let since = 0
/** deepest point seen, in px from the top (reading scrollY on scroll forces no layout; scrollHeight might) */
let deepest = 0
let reported = 0

const bottom = (): number => Math.max(deepest, scrollY + innerHeight)

function reset(pageUrl: string): void {
  url = pageUrl
  visible = reported = deepest = 0
  deepest = bottom()
  since = document.hidden ? 0 : now()
}

function report(): void {
  if (since) visible += now() - since
  since &&= now()
  const pct = Math.min(100, Math.round((bottom() / document.documentElement.scrollHeight) * 100) || 0)
  if (visible || pct > reported) {
    emit({ type: 'engagement', visible_ms: visible, scroll_pct: pct }, url)
    visible = 0
    reported = pct
  }
}

/** An SPA navigation (or a page back from the bfcache): the page left gets its report, the next one a fresh count. */
export function nextPage(next: string): void {
  report()
  reset(next)
}

export function watchEngagement(): void {
  reset(pageUrl())
  hooks.leave = () => {
    report()
    since = 0
  }
  on(window, 'scroll', () => {
    deepest = bottom()
  })
  on(document, 'visibilitychange', () => {
    if (!document.hidden) since = now()
  })
}
