/** Small browser helpers shared by every module. None of them may throw into the host page. */

/** Random v4 UUID; `randomUUID` exists only in secure contexts, so plain-http pages use the fallback. */
export const uuid = (): string =>
  crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
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
    if (value === undefined) localStorage.removeItem(key)
    else localStorage.setItem(key, JSON.stringify(value))
  } catch {}
}

export const KEY_CONSENT = 'heed_consent'
export const KEY_IDS = 'heed_id'
export const KEY_QUEUE = 'heed_q'
