/**
 * Visitor and session ids, created only with analytics consent (callers ask the gate first).
 * One localStorage record: visitor id (renewed after 13 months) with its secret, and session id (renewed after
 * 30 idle minutes). Withdrawing deletes the record, secret included.
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
  /**
   * The visitor's secret, made with the visitor id: it proves to the worker that this browser holds `v` when it
   * exports or deletes the visitor's data or logs a consent decision (docs/consent.md, "The visitor credential").
   * Two UUIDv4s (244 random bits). It never travels with events. A record stored before secrets existed gets
   * one the next time the ids are touched.
   */
  k: string
}

/** Pure: the ids to use at time `at`, renewing what expired (a new visitor id comes with a new secret). */
export function renew(p: Ids | undefined, at: number, make: () => string): Ids {
  const fresh = !p || at - p.c > 395 * 864e5
  return {
    v: fresh ? make() : p.v,
    c: fresh ? at : p.c,
    s: fresh || at - p.t > 18e5 ? make() : p.s,
    t: at,
    k: (!fresh && p.k) || make() + make(),
  }
}

export function touchIds(): Ids {
  const ids = renew(load(KEY_IDS), now(), uuid)
  save(KEY_IDS, ids)
  return ids
}

/** The stored ids, read by the chunks that act on the visitor's data (and by the gate before a withdrawal). */
export const storedIds = (): Ids | undefined => load<Ids>(KEY_IDS)

export const visitorId = (): string | undefined => storedIds()?.v

export const clearIds = (): void => save(KEY_IDS)
