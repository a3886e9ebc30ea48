/**
 * The in-memory batch and the retry list.
 * Flush at 20 events, after 5 s, and when the page is hidden or left; at most 50 events and 60 KB per request.
 * A batch that failed goes to the retry list unchanged (same event ids: the server dedups on them) and the list is
 * retried with exponential backoff, and at once when the browser comes back online. Only with analytics consent
 * (which allows writing to the device) is the list kept in localStorage (≤ 200 events) and resent on the next page load.
 */
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { beacon, post } from './transport'
import { KEY_QUEUE, load, on, save } from './util'

const bytes = (x: unknown): number => new Blob([JSON.stringify(x)]).size

/**
 * How many events from the front of `events` go in one request: at most 50, halved until they fit 60 KB
 * (measured in UTF-8 bytes); 0 when the first alone is too large.
 */
export function batchSize(events: WireEvent[], maxBytes = 6e4): number {
  let n = Math.min(events.length, 50)
  while (n && bytes(events.slice(0, n)) > maxBytes) n >>= 1
  return n
}

/** 1 s, 2 s, 4 s … at most 5 minutes. */
export const backoff = (failures: number): number => Math.min(1e3 * 2 ** failures, 3e5)

/** The newest envelopes holding at most `max` events in total. */
export const trim = (list: Envelope[], max = 200): Envelope[] =>
  list.filter((_, i) => list.slice(i).reduce((s, e) => s + e.events.length, 0) <= max)

let url: string
let wrap: (events: WireEvent[]) => Envelope
let persist: () => boolean
let buf: WireEvent[] = []
let retry: Envelope[] = []
const inFlight = new Set<Envelope>()
/** Failed sends in a row: the next retry waits backoff(failures). */
let failures = 0
let flushTimer: ReturnType<typeof setTimeout> | 0 = 0
let retryTimer: ReturnType<typeof setTimeout> | 0 = 0

/** `canPersist` is asked at every write: the consent state may change while the page lives. */
export function initQueue(collectUrl: string, envelope: typeof wrap, canPersist: () => boolean): void {
  url = collectUrl
  wrap = envelope
  persist = canPersist
  on(window, 'online', resend)
  if (persist()) {
    retry = load(KEY_QUEUE) || []
    resend()
  }
}

export function enqueue(e: WireEvent): void {
  if (buf.push(e) > 19) flush()
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
    // Offline while leaving: straight to the retry list (it survives the page only with consent to store).
    if (n && !(leaving && beacon(url, JSON.stringify(e)))) leaving && !navigator.onLine ? fail(e) : send(e)
  }
  // Batches that can't be kept on the device get one last try before the page goes.
  if (leaving && !persist()) for (const e of retry) inFlight.has(e) || beacon(url, JSON.stringify(e))
}

function send(e: Envelope): void {
  inFlight.add(e)
  post(url, JSON.stringify(e)).then((done) => {
    inFlight.delete(e)
    if (!done) return fail(e)
    failures = 0
    retry = retry.filter((x) => x !== e)
    store()
    resend()
  })
}

function fail(e: Envelope): void {
  retry = trim(retry.includes(e) ? retry : [...retry, e])
  store()
  // One retry timer for the whole list: batches failing in the same round back off once, not once each.
  retryTimer ||= setTimeout(resend, backoff(failures++))
}

/** Sends every pending batch that is not already on its way. */
function resend(): void {
  clearTimeout(retryTimer)
  retryTimer = 0
  for (const e of retry) inFlight.has(e) || send(e)
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
