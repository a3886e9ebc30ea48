/**
 * Finds a consent management platform on the page and lets it drive Heed's gate. `data-cmp`
 * forces one (`tcf`, `gcm`) or turns detection off (`none`); the default `auto` tries TCF, then
 * Consent Mode (unless `data-emit-gcm` makes Heed itself the page's Consent Mode source).
 * A forced CMP that is not there yet is awaited up to 2 s. While a CMP is present Heed's banner
 * never renders and Heed writes no choice record of its own; until the CMP answers the state
 * stays unknown — unknown never means granted.
 */
import type { PageGlobals, Report } from './categories'
import { hasGcm, watchGcm } from './gcm'
import { watchTcf } from './tcf'

/**
 * Whether a CMP drives consent on this page, decided synchronously so the banner chunk can tell
 * at once whether to show its banner: one is on the page, or `data-cmp` names one (which is then
 * awaited, and until it answers the state stays unknown, without a banner).
 */
export function cmpPresent(w: PageGlobals, which: string, gcmIsOurs: boolean): boolean {
  if (which === 'none') return false
  return which !== 'auto' || typeof w.__tcfapi === 'function' || (!gcmIsOurs && hasGcm(w.dataLayer))
}

/** Starts the adapters: the CMP found (or the one `data-cmp` names, awaited up to 2 s) reports to `report`. */
export function startAdapters(w: PageGlobals, which: string, gcmIsOurs: boolean, report: Report): void {
  const look = () =>
    (which !== 'gcm' && watchTcf(w, report)) || (which !== 'tcf' && !gcmIsOurs && watchGcm(w, report))
  if (which === 'none' || look() || which === 'auto') return
  const since = Date.now()
  const timer = setInterval(() => {
    if (look() || Date.now() - since >= 2e3) clearInterval(timer)
  }, 100)
}
