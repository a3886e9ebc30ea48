/**
 * The consent gate: which state the visitor is in and what that state lets the snippet do.
 * The behaviour matrix is in docs/consent.md; `allows` and `stores` are its executable form.
 *
 * Seam for the consent chunk (heed-consent.js, snippet/src/consent): it reaches the gate through
 * `heed('consent:bridge', cb)` (api.ts), which hands it the state, the choice and `onConsentChange`.
 */
import type { ConsentState, HeedOptions } from '../types/heed'
import { type Ids, storedIds } from './ids'
import { KEY_CONSENT, KEY_LOGGED, load, now, save, uuid } from './util'

// The states and modes are the ones the shipped declarations (heed.d.ts) promise to pages.
export type { ConsentState }
export type Mode = NonNullable<HeedOptions['mode']>

/** The stored choice record (localStorage `heed_consent`). */
export interface Choice {
  /** state */
  s: ConsentState
  /** consent id: links events and the server's consent log */
  id: string
  /** decided at, ms (where it came from — banner, api, a CMP — is in the server's consent log, not here) */
  t: number
  /** data-consent-version at the time */
  ver?: string
}

export type ConsentListener = (next: ConsentState, prev: ConsentState, source: string) => void
/** A transition as the consent chunk logs it: next, prev, source, and the ids (visitor id and secret) before they were cleared. */
export type Transition = [ConsentState, ConsentState, string, Ids | undefined]

export let state: ConsentState = 'unknown'
export let choice: Choice | undefined
let mode: Mode
/** GPC (and DNT with data-respect-dnt) caps the state at analytics; envelopes say so (the worker logs it). */
export let capped: boolean | undefined
let version: string | undefined
const listeners: ConsentListener[] = []
/** The latest transition, for a consent chunk that connects after it (heed('consent') on a page without the chunk). */
export let last: Transition | undefined
/** The core's own reaction (ids, queue, held pageview); runs after the listeners. */
let effects: ConsentListener

/** Ids, stored retry queue and identified events: only with a grant. */
export const stores = (s = state): boolean => s === 'analytics' || s === 'marketing'

/**
 * What may happen to an event of `type`: 2 send it, 1 hold it in memory (only the current page's pageview,
 * before a choice), 0 drop it. Cookieless mode sends pageviews without any identifier before and after a refusal.
 */
export const allows = (type: string, s = state, m = mode): 0 | 1 | 2 =>
  stores(s)
    ? type !== 'identify' || s === 'marketing'
      ? 2
      : 0
    : type === 'pageview' && (s === 'unknown' || s === 'denied')
      ? m === 'cookieless'
        ? 2
        : s === 'unknown'
          ? 1
          : 0
      : 0

const DAY = 864e5

/** The state a stored record still stands for: a refusal lasts 6 months, a grant 13, a new consent version asks again. */
export const standing = (c: Choice | undefined, at: number, ver?: string): ConsentState =>
  !c?.s || (ver && c.ver !== ver) || at - c.t > (stores(c.s) ? 395 : 182) * DAY ? 'unknown' : c.s

/** State after an explicit `{ analytics, marketing }` decision: revoking an earlier grant is a withdrawal. */
export const decide = (prev: ConsentState, analytics: unknown, marketing: unknown): ConsentState =>
  marketing
    ? 'marketing'
    : analytics
      ? 'analytics'
      : stores(prev) || prev === 'withdrawn'
        ? 'withdrawn'
        : 'denied'

const cap = (s: ConsentState): ConsentState => (capped && s === 'marketing' ? 'analytics' : s)

export function initGate(
  m: Mode,
  optOutSignal: boolean | undefined,
  ver: string | undefined,
  apply: ConsentListener,
): void {
  mode = m
  capped = optOutSignal
  version = ver
  effects = apply
  choice = load<Choice>(KEY_CONSENT)
  const s = standing(choice, now(), version)
  // Opt-out mode: tracking until the visitor says no (GPC still turns marketing off).
  state = cap(s === 'unknown' && mode === 'opt-out' ? 'marketing' : s)
}

export interface SetOptions {
  /** consent id to record (e.g. a CMP's); default: keep the current one or make one */
  id?: string
  /** write the choice record (default); false when a CMP owns storage (consent.md §5.4) */
  store?: boolean
}

/** Moves the gate to `next`. Listeners run first, so a withdrawal can be reported with the visitor id and secret before they are deleted. */
export function setConsent(next: ConsentState, source: string, opts: SetOptions = {}): void {
  const prev = state
  state = cap(next)
  if (state !== 'unknown') {
    choice = { s: state, id: opts.id || choice?.id || uuid(), t: now(), ver: version }
    opts.store === false || save(KEY_CONSENT, choice)
  }
  last = [state, prev, source, storedIds()]
  for (const cb of [...listeners, effects])
    try {
      cb(state, prev, source)
    } catch {}
}

export const onConsentChange = (cb: ConsentListener): void => {
  listeners.push(cb)
}

/** `heed('forget')`: the choice goes too; the rest of the page behaves as if no choice was ever made. */
export function forgetChoice(): void {
  choice = undefined
  save(KEY_CONSENT)
  // The consent chunk's record of what it logged (consent/log.ts).
  save(KEY_LOGGED)
  setConsent('unknown', 'forget')
}
