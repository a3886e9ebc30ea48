/**
 * The API key lives in this tab's sessionStorage only: it survives a reload, goes when the tab is
 * closed, and is never put in a URL, a cookie or a log.
 */
const STORAGE_KEY = 'heed_dashboard_key'

export function readKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

export function storeKey(key: string) {
  sessionStorage.setItem(STORAGE_KEY, key)
}

export function forgetKey() {
  try {
    sessionStorage.removeItem(STORAGE_KEY)
  } catch {}
}
