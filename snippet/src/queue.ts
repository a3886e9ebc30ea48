/**
 * The in-memory batch: flushed at 20 events, after 5 s, and when the page is hidden or left; at most 50 events
 * and 60 KB per request. A batch that failed goes to `failed` unchanged (same event ids: the server dedups on
 * them), where the capture chunk's retry list (capture/retry.ts) takes over.
 */
import type { Envelope, WireEvent } from '../../worker/src/protocol'
import { endpoint } from './config'
import { envelope } from './envelope'
import { stores } from './gate'
import { failed, hooks } from './hooks'
import { beacon, post } from './transport'
import { KEY_QUEUE, save } from './util'

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

let buf: WireEvent[] = []
let timer: ReturnType<typeof setTimeout> | 0 = 0

export function enqueue(e: WireEvent): void {
  if (buf.push(e) > 19) flush()
  else timer ||= setTimeout(flush, 5e3)
}

/** Sends everything buffered; `leaving` when the page is hidden or unloading. */
export function flush(leaving?: unknown): void {
  clearTimeout(timer)
  timer = 0
  while (buf.length) {
    const n = batchSize(buf)
    // An event too large to ever be accepted is dropped rather than blocking the rest.
    const e = envelope(buf.splice(0, n || 1))
    const url = `${endpoint}/collect`
    const body = JSON.stringify(e)
    // Offline while leaving: straight to the retry list (fetch's failure would come after the page is gone).
    if (n && !(leaving && beacon(url, body)))
      leaving && !navigator.onLine ? fail(e) : post(url, body).then((ok) => ok || fail(e))
  }
}

/**
 * Only with consent to keep data on the device is a failed batch kept for a retry: a cookieless pageview sent
 * without it is best effort, and a send that fails after a withdrawal must not be resent.
 */
function fail(e: Envelope): void {
  stores() && (failed.push(e), hooks.fail?.())
}

/** Consent gone or `forget`: nothing queued may leave, nothing stays on the device. */
export function clearQueue(): void {
  buf = []
  failed.length = 0
  save(KEY_QUEUE)
}
