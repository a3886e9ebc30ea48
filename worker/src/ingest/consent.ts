import type { ParsedEnvelope } from '../protocol'

/** What the worker lets through, whatever the envelope claims. */
export interface ConsentDecision {
  analytics: boolean
  marketing: boolean
  /** Client ids kept only with analytics consent. */
  vid: string | null
  sid: string | null
  /**
   * `Sec-GPC: 1` was sent, or the envelope says an opt-out signal capped marketing. Carried to the queue consumer, which logs a GPC downgrade of a stored
   * marketing grant (consent/enforce.ts). Absent where no browser request is behind the rows.
   */
  gpc?: boolean
}

/**
 * Re-checks the envelope's consent: without analytics consent no client visitor or session id
 * survives (identify events are rejected by the pipeline); a `Sec-GPC: 1` header (Global Privacy
 * Control) or the envelope's own `gpc` flag (the snippet saw the signal; DNT too where the site respects it)
 * turns marketing off.
 */
export function enforceConsent(envelope: ParsedEnvelope, secGpc: string | null): ConsentDecision {
  const analytics = envelope.consent.analytics
  const gpc = secGpc?.trim() === '1' || envelope.consent.gpc === true
  return {
    analytics,
    marketing: envelope.consent.marketing && !gpc,
    vid: analytics ? (envelope.vid ?? null) : null,
    sid: analytics ? (envelope.sid ?? null) : null,
    gpc,
  }
}
