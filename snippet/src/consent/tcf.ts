/**
 * IAB TCF v2.2 through `__tcfapi('addEventListener', 2, cb)` (getTCData is deprecated since 2.2).
 * Only `tcloaded` and `useractioncomplete` are decisions; `gdprApplies: false` is not a grant, so
 * it reports nothing and the state stays as it is. Purposes: 1 with 8 or 9 → analytics;
 * 1, 3 and 4 → marketing. Heed is not a registered TCF vendor, so it reads the purpose consents
 * the site's CMP collected for the site (the controller).
 */
import type { Categories, PageGlobals, Report } from './categories'

export interface TcData {
  gdprApplies?: boolean
  eventStatus?: string
  purpose?: { consents?: Record<string, boolean> }
}

export function tcfCategories(tc: TcData | null | undefined): Categories | null {
  if (!tc || tc.gdprApplies === false || !/^(tcloaded|useractioncomplete)$/.test(tc.eventStatus || ''))
    return null
  const p = (n: number) => tc.purpose?.consents?.[n] === true
  const analytics = p(1) && (p(8) || p(9))
  return { analytics, marketing: analytics && p(3) && p(4) }
}

/** Starts listening when the CMP API is on the page; false when it is not. */
export function watchTcf(w: PageGlobals, report: Report): boolean {
  if (typeof w.__tcfapi !== 'function') return false
  w.__tcfapi('addEventListener', 2, (tc: TcData, ok: boolean) => {
    const c = ok && tcfCategories(tc)
    if (c) report(c, 'cmp:tcf')
  })
  return true
}
