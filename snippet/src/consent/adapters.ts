/**
 * Finds a consent management platform on the page and lets it drive Heed's gate. `data-cmp`
 * forces one (`tcf`, `gcm`) or turns detection off (`none`); the default `auto` tries TCF, then
 * Consent Mode. A forced CMP that is not there yet is awaited up to 2 s. While a CMP is present
 * Heed's banner never renders and Heed writes no choice record of its own; until the CMP answers
 * the state stays unknown — unknown never means granted.
 */
import type { Categories, PageGlobals } from './categories'
import { watchGcm } from './gcm'
import { watchTcf } from './tcf'

export type Decide = (c: Categories, source: string) => void

function detect(w: PageGlobals, which: string, decide: Decide, vendorId?: number): boolean {
  return (
    ((which === 'auto' || which === 'tcf') && watchTcf(w, decide, vendorId)) ||
    ((which === 'auto' || which === 'gcm') && watchGcm(w, decide))
  )
}

/** Calls `done(true)` when a CMP drives consent, `done(false)` when Heed's own banner should. */
export function startAdapters(
  w: PageGlobals,
  options: Record<string, unknown>,
  decide: Decide,
  done: (cmp: boolean) => void,
) {
  const which = String(options.cmp || 'auto')
  const vendorId = Number(options.tcfVendorId) || undefined
  // A page that mirrors Heed's own choice into Consent Mode uses Heed as its CMP.
  const gcmIsOurs = options.emitGcm !== undefined && options.emitGcm !== 'false'
  const mode = which === 'auto' && gcmIsOurs ? 'tcf' : which
  if (mode === 'none') return done(false)
  if (detect(w, mode, decide, vendorId)) return done(true)
  if (which === 'auto') return done(false)
  // Forced but not loaded yet: wait up to 2 s, then stay unknown (no banner).
  let waited = 0
  const timer = setInterval(() => {
    waited += 100
    if (detect(w, mode, decide, vendorId) || waited >= 2000) clearInterval(timer)
  }, 100)
  done(true)
}
