import type { ConsentState } from '../gate'
import { categoriesOf } from './bridge'

/** What every adapter reports: the two categories Heed gates on. Marketing needs analytics. */
export interface Categories {
  analytics: boolean
  marketing: boolean
}

export type Report = (c: Categories, source: string) => void

/** The page globals the adapters read (a CMP's, Google's) and the snippet's own command. */
export interface PageGlobals {
  __tcfapi?: (command: string, version: number, cb: (data: never, ok: boolean) => void) => void
  dataLayer?: unknown[]
  gtag?: (...args: unknown[]) => void
  heed?: (...args: unknown[]) => void
}

/** The consent-log action for a transition of the gate (worker/src/consent/decision.ts ACTIONS). */
export function actionFor(next: ConsentState, prev: ConsentState, source: string): string {
  if (next === 'withdrawn') return 'withdraw'
  if (source === 'gpc') return 'gpc'
  if (next === 'denied') return 'deny'
  return categoriesOf(prev).analytics ? 'change' : 'grant'
}
