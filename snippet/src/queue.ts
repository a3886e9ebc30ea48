/**
 * The in-memory batch and the retry list.
 * Flush at 20 events, after 5 s, and when the page is hidden or left; at most 50 events and 60 KB per request.
 * A batch that failed goes to the retry list with its event ids unchanged (the server dedups on them) and is
 * retried with exponential backoff and on `online`. Only with analytics consent (which allows writing to the
 * device) is the list kept in localStorage (≤ 200 events) and resent on the next page load.
 */
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { beacon, post } from './transport'
import { KEY_QUEUE, load, now, on, save } from './util'

export interface Pending {
  /** the envelope, resent as is */
  e: Envelope
  /** failed attempts */
  n: number
  /** not before (ms) */
  at: number
}

/** How many events from the front of `events` fit one request (≤ 50, ≤ 60 KB); 0 when the first alone is too large. */
export function batchSize(events: WireEvent[], maxBytes = 6e4): number {
  // Common case first: everything (≤ 50) fits; one measurement instead of one per event.
  if (events.length <= 50 && new Blob([JSON.stringify(events)]).size <= maxBytes) return events.length
  let total = 0
  let n = 0
  for (; n < 50 && n < events.length; n++) {
    total += new Blob([JSON.stringify(events[n])]).size + 1
    if (total > maxBytes) break
  }
  return n
}

/** 1 s, 2 s, 4 s … at most 5 minutes. */
export const backoff = (attempts: number): number => Math.min(1e3 * 2 ** attempts, 3e5)

/** The newest envelopes holding at most `max` events in total. */
export function trim(list: Pending[], max = 200): Pending[] {
  return list.filter((_, i) => list.slice(i).reduce((s, p) => s + p.e.events.length, 0) <= max)
}

let url: string
let wrap: (events: WireEvent[]) => Envelope
let persist: () => boolean
let buf: WireEvent[] = []
let retry: Pending[] = []
const inFlight = new Set<Pending>()
let flushTimer: ReturnType<typeof setTimeout> | 0 = 0
let retryTimer: ReturnType<typeof setTimeout> | undefined

/** `canPersist` is asked at every write: the consent state may change while the page lives. */
export function initQueue(collectUrl: string, envelope: typeof wrap, canPersist: () => boolean): void {
  url = collectUrl
  wrap = envelope
  persist = canPersist
  on(window, 'online', () => resend(1))
  if (persist()) {
    retry = load(KEY_QUEUE) || []
    resend(1)
  }
}

export function enqueue(e: WireEvent): void {
  buf.push(e)
  if (buf.length >= 20) flush()
  else flushTimer ||= setTimeout(flush, 5e3)
}

/** Sends everything buffered; `leaving` when the page is hidden or unloading. */
export function flush(leaving?: unknown): void {
  clearTimeout(flushTimer)
  flushTimer = 0
  while (buf.length) {
    const n = batchSize(buf)
    // An event too large to ever be accepted is dropped rather than blocking the rest.
    const e = wrap(buf.splice(0, n || 1))
    if (!n || (leaving && beacon(url, JSON.stringify(e)))) continue
    const p = { e, n: 0, at: 0 }
    // Offline while leaving: straight to the retry list (it survives the page only with consent to store).
    leaving && !navigator.onLine ? fail(p) : send(p)
  }
  // Batches that can't be kept on the device get one last try before the page goes.
  if (leaving && !persist()) for (const p of retry) inFlight.has(p) || beacon(url, JSON.stringify(p.e))
}

function send(p: Pending): void {
  inFlight.add(p)
  post(url, JSON.stringify(p.e)).then((done) => {
    inFlight.delete(p)
    if (!done) return fail(p)
    retry = retry.filter((x) => x !== p)
    store()
    resend(1)
  })
}

function fail(p: Pending): void {
  p.at = now() + backoff(p.n++)
  retry = trim(retry.includes(p) ? retry : [...retry, p])
  store()
  resend()
}

/** Sends pending batches whose time has come (all when `force`: back online, or a send just worked). */
function resend(force?: 1): void {
  clearTimeout(retryTimer)
  let next = Infinity
  for (const p of retry)
    if (inFlight.has(p)) continue
    else if (force || p.at <= now()) send(p)
    else next = Math.min(next, p.at)
  if (next < Infinity) retryTimer = setTimeout(resend, next - now())
}

function store(): void {
  persist() && save(KEY_QUEUE, retry.length ? retry : undefined)
}

/** Consent just granted: what failed so far may now be kept on the device. */
export const storeQueue = store

/** Consent gone or `forget`: nothing queued may leave, nothing stays on the device. */
export function clearQueue(): void {
  buf = []
  retry = []
  save(KEY_QUEUE)
}
