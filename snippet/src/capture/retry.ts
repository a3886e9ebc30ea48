/**
 * The retry list (in the capture chunk: retrying and keeping batches on the device come with analytics consent).
 * Failed batches are resent unchanged (same event ids: the server dedups on them) with exponential backoff, and
 * at once when the browser comes back online. The list is kept in localStorage (≤ RETRY_MAX_EVENTS events) and resent on
 * the next page load.
 */
import type { Envelope } from '../../../worker/src/protocol'
import { RETRY_MAX_EVENTS } from '../storage'
import { post } from '../transport'
import { KEY_QUEUE, load, on, save } from '../util'
import { failed, hooks, stores } from './host'

/** 1 s, 2 s, 4 s … at most 5 minutes. */
export const backoff = (failures: number): number => Math.min(1e3 * 2 ** failures, 3e5)

/** Drops the oldest envelopes (in place) until the list holds at most `max` events. */
export function trim(list: Envelope[], max = RETRY_MAX_EVENTS): Envelope[] {
  while (list.flatMap((e) => e.events).length > max) list.shift()
  return list
}

let url: string
const inFlight = new Set<Envelope>()
/** Failed sends in a row: the next retry waits backoff(failures). */
let failures = 0
let timer: ReturnType<typeof setTimeout> | 0 = 0

/** Sends every pending batch that is not already on its way. */
function resend(): void {
  clearTimeout(timer)
  timer = 0
  for (const e of failed)
    if (!inFlight.has(e)) {
      inFlight.add(e)
      post(url, JSON.stringify(e)).then((ok) => {
        inFlight.delete(e)
        if (!ok) return retryLater()
        failures = 0
        failed.includes(e) && failed.splice(failed.indexOf(e), 1)
        retryLater(1)
      })
    }
}

/** Keeps the list on the device and schedules the next round (one timer: batches failing together back off once). */
function retryLater(now?: 1): void {
  trim(failed)
  stores() && save(KEY_QUEUE, failed.length ? failed : undefined)
  if (now) resend()
  else timer ||= setTimeout(resend, backoff(failures++))
}

export function watchRetries(collectUrl: string): void {
  url = collectUrl
  // What an earlier page could not send goes first.
  failed.unshift(...(load<Envelope[]>(KEY_QUEUE) || []))
  hooks.fail = retryLater
  on(window, 'online', resend)
  retryLater(1)
}
