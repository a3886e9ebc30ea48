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
/** deepest point seen, in px from the top (reading scrollY on scroll forces no layout; scrollHeight might) */
let deepest = 0
let reported = 0

const bottom = (): number => Math.max(deepest, scrollY + innerHeight)
const scrollPct = (): number =>
  Math.min(100, Math.round((bottom() / document.documentElement.scrollHeight) * 100) || 0)

export function resetEngagement(pageUrl: string): void {
  url = pageUrl
  visible = reported = deepest = 0
  deepest = bottom()
  since = document.hidden ? 0 : now()
}

export function reportEngagement(): void {
  if (since) visible += now() - since
  since &&= now()
  const pct = scrollPct()
  if (visible || pct > reported) {
    emit({ type: 'engagement', visible_ms: visible, scroll_pct: pct }, url)
    visible = 0
    reported = pct
  }
}

/** `leave` flushes the queue once the engagement event is in it. */
export function watchEngagement(leave: () => void): void {
  on(window, 'scroll', () => {
    deepest = bottom()
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
