/**
 * The API key lives in this tab's sessionStorage only: it survives a reload, goes when the tab is
 * closed, and is never put in a URL, a cookie or a log. Beside it, the sites the key reads (names,
 * currencies, timezones, saved funnels: nothing secret), so a reload can show the overview without
 * waiting for GET /sites first; that list is refreshed in the background.
 */
import type { SiteSummary } from './api'

const KEY = 'heed_dashboard_key'
const SITES = 'heed_dashboard_sites'

export function readKey(): string | null {
  try {
    return sessionStorage.getItem(KEY)
  } catch {
    return null
  }
}

export function readSites(): SiteSummary[] | null {
  try {
    const list = JSON.parse(sessionStorage.getItem(SITES) ?? 'null')
    return Array.isArray(list) && list.length ? list : null
  } catch {
    return null
  }
}

export function storeSession(key: string, sites: SiteSummary[]) {
  sessionStorage.setItem(KEY, key)
  sessionStorage.setItem(SITES, JSON.stringify(sites))
}

export function forgetSession() {
  try {
    sessionStorage.removeItem(KEY)
    sessionStorage.removeItem(SITES)
  } catch {}
}
