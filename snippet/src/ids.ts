/**
 * Visitor and session ids, created only with analytics consent (callers ask the gate first).
 * One localStorage record: visitor id (renewed after 13 months) and session id (renewed after 30 idle minutes).
 */
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
  const fresh = !p || at - p.c > 395 * 864e5
  return {
    v: fresh ? make() : p.v,
    c: fresh ? at : p.c,
    s: fresh || at - p.t > 18e5 ? make() : p.s,
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
