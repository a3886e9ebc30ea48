/**
 * Engagement: visible time and deepest scroll of the current page, reported when the page is hidden or left
 * and before an SPA navigation. `visible_ms` counts the time since the previous report (they add up per page);
 * `scroll_pct` is the deepest point so far. Nothing is sent when neither grew.
 */
import { emit } from '../emit'
import { now, on } from '../util'

let url = ''
let visible = 0
let since = 0
let deepest = 0
let reported = 0

const scrollPct = (): number =>
  Math.min(100, Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100) || 0)

export function resetEngagement(pageUrl: string): void {
  url = pageUrl
  visible = reported = 0
  deepest = scrollPct()
  since = document.hidden ? 0 : now()
}

export function reportEngagement(): void {
  if (since) visible += now() - since
  since &&= now()
  deepest = Math.max(deepest, scrollPct())
  if (visible || deepest > reported) {
    emit({ type: 'engagement', visible_ms: visible, scroll_pct: deepest }, url)
    visible = 0
    reported = deepest
  }
}

/** `leave` flushes the queue once the engagement event is in it. */
export function watchEngagement(leave: () => void): void {
  on(window, 'scroll', () => {
    deepest = Math.max(deepest, scrollPct())
  })
  const hide = () => {
    reportEngagement()
    since = 0
    leave()
  }
  on(document, 'visibilitychange', () => {
    if (document.hidden) hide()
    else since = now()
  })
  on(window, 'pagehide', hide)
}
