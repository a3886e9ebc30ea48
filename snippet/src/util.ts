/** Small browser helpers shared by every module. None of them may throw into the host page. */

/**
 * Random v4 UUID (122 random bits). randomUUID is fast but exists only in secure contexts; on plain-http pages
 * each 0, 1 and 8 of "10000000-1000-4000-8000-100000000000" becomes a random hex digit from getRandomValues,
 * keeping the version (4) and variant (8–b) bits.
 */
export const uuid = (): string =>
  crypto.randomUUID?.() ??
  `${1e7}-${1e3}-${4e3}-${8e3}-${1e11}`.replace(/[018]/g, (c) =>
    (+c ^ ((crypto.getRandomValues(new Uint8Array(1))[0] as number) & (15 >> (+c / 4)))).toString(16),
  )

export const now = (): number => Date.now()

/**
 * addEventListener whose handler can never throw into the host page. Not passive: the settings-link
 * handler calls preventDefault, and none of the events listened to (click, scroll, submit, …) gains from it.
 */
export const on = (target: EventTarget, type: string, fn: (e: any) => unknown, capture?: boolean): void =>
  target.addEventListener(
    type,
    (e) => {
      try {
        fn(e)
      } catch {}
    },
    capture,
  )

/** localStorage that never throws (private modes, disabled storage, quota) and holds JSON. */
export function load<T>(key: string): T | undefined {
  try {
    return JSON.parse(localStorage[key])
  } catch {}
}

/** `undefined` removes the key. */
export function save(key: string, value?: unknown): void {
  try {
    if (value === undefined) delete localStorage[key]
    else localStorage[key] = JSON.stringify(value)
  } catch {}
}

export const KEY_CONSENT = 'heed_consent'
export const KEY_IDS = 'heed_id'
export const KEY_QUEUE = 'heed_q'
/** The consent chunk's record of the last decision it logged: `{ id, s }` (consent/log.ts). */
export const KEY_LOGGED = 'heed_cl'
