/** Small browser helpers shared by every module. None of them may throw into the host page. */

/**
 * Random v4 UUID. randomUUID exists only in secure contexts; on plain-http pages the browser still makes one for
 * every blob: URL (blob:<origin>/<uuid>), which is 75 B gzip less code than formatting getRandomValues ourselves.
 * The URL of an empty Blob stays registered until the page goes: a few dozen bytes per event, on http pages only.
 */
export const uuid = (): string => crypto.randomUUID?.() ?? URL.createObjectURL(new Blob()).slice(-36)

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

export { KEY_CONSENT, KEY_IDS, KEY_LOGGED, KEY_QUEUE } from './storage'
