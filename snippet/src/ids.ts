/**
 * Visitor and session ids, created only with analytics consent (callers ask the gate first).
 * One localStorage record: visitor id (renewed after VISITOR_ID_DAYS) and session id (after SESSION_IDLE_MINUTES idle).
 */
import { SESSION_IDLE_MINUTES, VISITOR_ID_DAYS } from './storage'
import { KEY_IDS, load, now, save, uuid } from './util'

export interface Ids {
  /** visitor id */
  v: string
  /** visitor id created at */
  c: number
  /** session id */
  s: string
  /** last activity */
  t: number
}

/** Pure: the ids to use at time `at`, renewing what expired. */
export function renew(p: Ids | undefined, at: number, make: () => string): Ids {
  const fresh = !p || at - p.c > VISITOR_ID_DAYS * 864e5
  return {
    v: fresh ? make() : p.v,
    c: fresh ? at : p.c,
    s: fresh || at - p.t > SESSION_IDLE_MINUTES * 6e4 ? make() : p.s,
    t: at,
  }
}

export function touchIds(): Ids {
  const ids = renew(load(KEY_IDS), now(), uuid)
  save(KEY_IDS, ids)
  return ids
}

export const visitorId = (): string | undefined => load<Ids>(KEY_IDS)?.v

export const clearIds = (): void => save(KEY_IDS)
