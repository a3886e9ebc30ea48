/** What a batch travels in: the site, the ids (only when consent lets Heed keep them) and the consent it was sent under. */
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { opt } from './config'
import { capped, choice, state, stores } from './gate'
import { touchIds } from './ids'

export function envelope(events: WireEvent[]): Envelope {
  const ids = stores() ? touchIds() : undefined
  return {
    v: 1,
    site: opt('site'),
    vid: ids?.v,
    sid: ids?.s,
    consent: { analytics: !!ids, marketing: state === 'marketing', id: choice?.id, gpc: capped || undefined },
    events,
  }
}
