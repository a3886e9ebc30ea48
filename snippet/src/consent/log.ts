/**
 * Sends every consent transition to POST /consent — the proof of consent the worker keeps.
 * One row per real change: a CMP or the page's own code repeating the same state on every page
 * load is logged once (the last logged state is kept next to the choice). A grant waits briefly for
 * the visitor id the core creates with its first batch, so the worker can link the decision to the
 * visitor's data; a withdrawal carries the id that is about to be deleted, so the worker erases it.
 */
import type { ConsentBridge } from '../api'
import { load, save } from '../util'
import { actionFor, type GateState } from './categories'

const KEY_LOGGED = 'heed_cl'
const SOURCE = /^(banner|settings|api|tcf|gcm|gpc|dnt|cmp:[a-z0-9_-]{1,32})$/

export interface LogContext {
  gpc: boolean
  /** banner language, when the banner made the decision */
  locale?: () => string | undefined
  jurisdiction?: string
}

export function logDecisions(b: ConsentBridge, ctx: LogContext): void {
  b.on((next: GateState, prev: GateState, source: string) => {
    if (next === 'unknown') return save(KEY_LOGGED, undefined)
    const id = b.choice()?.id
    const last = load<{ id: string; s: string }>(KEY_LOGGED)
    if (!id || (last && last.id === id && last.s === next)) return
    save(KEY_LOGGED, { id, s: next })
    const analytics = next === 'analytics' || next === 'marketing'
    const body = {
      site: b.options.site,
      consent_id: id,
      action: actionFor(next, prev, source),
      analytics,
      marketing: next === 'marketing',
      source: SOURCE.test(source) ? source : 'api',
      banner_version: (b.options.consentVersion as string) || undefined,
      locale: source === 'banner' ? ctx.locale?.() : undefined,
      jurisdiction: ctx.jurisdiction,
      gpc: ctx.gpc,
    }
    const send = () => {
      removeEventListener('pagehide', send)
      clearInterval(timer)
      if (sent) return
      sent = true
      navigator.sendBeacon(`${b.endpoint}/consent`, JSON.stringify({ ...body, vid: b.visitorId() }))
    }
    let sent = false
    let tries = 0
    // A grant from "no choice" has no visitor id yet: the core makes it with the first batch.
    const timer = setInterval(() => (b.visitorId() || ++tries > 30) && send(), 200)
    addEventListener('pagehide', send)
    if (!analytics || b.visitorId()) send()
  })
}
