/**
 * The one door every captured event goes through: it stamps id, time and page URL, then asks the gate
 * whether the event may be sent now, held in memory (the current page's pageview before a choice), or dropped.
 */
import type { WireEvent } from '../../worker/src/protocol'
import { opt, pageUrl, pathPattern } from './config'
import { allows } from './gate'
import { debug } from './log'
import { enqueue } from './queue'
import { now, uuid } from './util'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type Draft = DistributiveOmit<WireEvent, 'id' | 'ts' | 'url'>

let held: WireEvent | undefined

export function emit(draft: Draft, url = pageUrl()): void {
  // config.ts `list` would do, but its call costs heed.js 9 B gzip of a 19 B margin under the 2,560 B limit.
  if (
    opt('exclude')
      .split(/\s*,\s*/)
      .some((p) => pathPattern(p).test(location.pathname))
  )
    return
  const e = { id: uuid(), ts: now(), url, ...draft } as WireEvent
  const a = allows(e.type)
  if (a > 1) enqueue(e)
  else if (a) held = e
  else debug('no consent', e)
}

/** After a grant on this page the held pageview goes out, with its own id and time; otherwise it is dropped. */
export function releaseHeld(): void {
  held && allows('pageview') > 1 && enqueue(held)
  held = undefined
}
