import { memoize } from './memo'
import { cleanText, isSensitiveKey, PLACEHOLDER, safeText, scrubText, truncate } from './scrub'

export const MAX_URL_LENGTH = 2_000
const MAX_PARAM_LENGTH = 300

/** Ad-platform click ids: kept only as the fact that the visit was paid, never as values. */
export const CLICK_IDS = new Set([
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'fbclid',
  'msclkid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'yclid',
  'epik',
  'rdt_cid',
  'sccid',
  'irclickid',
])

export interface UrlRules {
  /** Query parameters that carry a site-search term (kept). */
  searchParams: string[]
  /** Keep the fragment (hash-routed single-page apps). */
  hashRouting: boolean
}

export interface Utm {
  source: string | null
  medium: string | null
  campaign: string | null
  term: string | null
  content: string | null
}

export interface CleanUrl {
  url: string
  path: string
  host: string
  utm: Utm
  /** A click id was present: the visit came from a paid ad. */
  paid: boolean
  /** The site-search term found in the query, if any. */
  search: string | null
}

function parseHttpUrl(raw: string): URL | null {
  let u: URL
  try {
    u = new URL(cleanText(raw).trim())
  } catch {
    return null
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  // Setters re-serialize the URL: only pay for them when there are credentials to drop.
  if (u.username) u.username = ''
  if (u.password) u.password = ''
  return u
}

function cleanParam(value: string): string {
  return safeText(value, MAX_PARAM_LENGTH) ?? ''
}

/**
 * Normalizes a page URL: lowercase host and no default port (URL does both), no credentials,
 * no fragment unless the site routes by hash, only allow-listed query parameters, personal data
 * scrubbed, at most 2,000 characters. Returns null for anything that is not an http(s) URL.
 */
export function sanitizeUrl(raw: string, rules: UrlRules): CleanUrl | null {
  return memoFor(rules)(raw)
}

// One memo per rules object (site settings are cached per site, so the object is stable).
const memos = new WeakMap<UrlRules, (raw: string) => CleanUrl | null>()
function memoFor(rules: UrlRules) {
  let memo = memos.get(rules)
  if (!memo) {
    memo = memoize((raw) => sanitizeUrlUncached(raw, rules))
    memos.set(rules, memo)
  }
  return memo
}

function sanitizeUrlUncached(raw: string, rules: UrlRules): CleanUrl | null {
  const u = parseHttpUrl(raw)
  if (!u) return null
  const utm: Utm = { source: null, medium: null, campaign: null, term: null, content: null }
  let paid = false
  let search: string | null = null
  const kept = new URLSearchParams()
  if (u.search) {
    for (const [key, value] of u.searchParams) {
      const name = key.toLowerCase()
      if (CLICK_IDS.has(name)) {
        paid = true
      } else if (name.startsWith('utm_')) {
        const v = cleanParam(value)
        kept.append(name, v)
        const field = name.slice(4)
        if (field in utm && utm[field as keyof Utm] === null) utm[field as keyof Utm] = v || null
      } else if (rules.searchParams.includes(key)) {
        const v = isSensitiveKey(key) ? PLACEHOLDER.redacted : cleanParam(value)
        kept.append(key, v)
        search ??= v || null
      }
    }
  }
  const path = scrubText(u.pathname, MAX_URL_LENGTH)
  const query = kept.size > 0 ? `?${kept.toString()}` : ''
  const hash = rules.hashRouting && u.hash.length > 1 ? scrubText(u.hash, MAX_URL_LENGTH) : ''
  const url = truncate(`${u.protocol}//${u.host}${path}${query}${hash}`, MAX_URL_LENGTH)
  return { url, path, host: u.hostname, utm, paid, search }
}

export interface CleanReferrer {
  /** Origin and path only: a foreign site's query and fragment are not ours to keep. */
  url: string
  host: string
}

export function sanitizeReferrer(raw: string | null | undefined): CleanReferrer | null {
  return raw ? referrerMemo(raw) : null
}

const referrerMemo = memoize((raw: string): CleanReferrer | null => {
  const u = parseHttpUrl(raw)
  if (!u) return null
  return {
    url: truncate(`${u.protocol}//${u.host}${scrubText(u.pathname, MAX_URL_LENGTH)}`, MAX_URL_LENGTH),
    host: u.hostname,
  }
})
