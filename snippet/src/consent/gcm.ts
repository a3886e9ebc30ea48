/**
 * Google Consent Mode v2, read from `dataLayer` (there is no public read API): gtag pushes
 * `arguments` objects `['consent', 'default' | 'update', {...}]`; they are applied in order.
 * A default alone is the site's configuration, not a visitor's decision, so only an `update`
 * reports. analytics ← analytics_storage; marketing ← ad_user_data and ad_personalization.
 * Unset means denied.
 */
import type { Categories, PageGlobals, Report } from './categories'

type Entry = { 0?: unknown; 1?: unknown; 2?: Record<string, unknown> } | null | undefined

const isConsent = (e: Entry): boolean => !!e && e[0] === 'consent' && !!e[2] && typeof e[2] === 'object'

/** Whether the page uses Consent Mode at all (a default or an update was pushed). */
export const hasGcm = (entries: unknown): boolean => Array.isArray(entries) && entries.some(isConsent)

export function gcmCategories(entries: readonly unknown[]): Categories | null {
  const merged: Record<string, unknown> = {}
  let updated = false
  for (const e of entries as Entry[]) {
    if (!isConsent(e)) continue
    Object.assign(merged, e![2])
    if (e![1] === 'update') updated = true
  }
  if (!updated) return null
  const g = (k: string) => merged[k] === 'granted'
  const analytics = g('analytics_storage')
  return { analytics, marketing: analytics && g('ad_user_data') && g('ad_personalization') }
}

/** Reports the current Consent Mode state and every later update; false when dataLayer has none. */
export function watchGcm(w: PageGlobals, report: Report): boolean {
  const dl = w.dataLayer
  if (!dl || !hasGcm(dl)) return false
  const check = () => {
    const c = gcmCategories(dl)
    if (c) report(c, 'cmp:gcm')
  }
  const push = dl.push
  dl.push = function (this: unknown, ...entries: unknown[]) {
    const r = push.apply(this, entries)
    if (entries.some((e) => isConsent(e as Entry))) check()
    return r
  }
  check()
  return true
}

/** Mirrors Heed's own choice into Consent Mode for Google tags on the page (`data-emit-gcm`). */
export function emitGcm(w: PageGlobals, c: Categories): void {
  const v = (b: boolean) => (b ? 'granted' : 'denied')
  const gtag =
    w.gtag ||
    function () {
      w.dataLayer = w.dataLayer || []
      // biome-ignore lint/complexity/noArguments: gtag's own contract is to push the arguments object.
      w.dataLayer.push(arguments)
    }
  gtag('consent', 'update', {
    analytics_storage: v(c.analytics),
    ad_storage: v(c.marketing),
    ad_user_data: v(c.marketing),
    ad_personalization: v(c.marketing),
  })
}
