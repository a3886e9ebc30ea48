/** Heed's browser snippet, ESM build (heed.mjs). The IIFE (heed.js) offers the same `heed(...)` API on window. */

export interface HeedOptions {
  /** Site id (required). */
  site: string
  /** Worker origin; default: the page's origin. */
  endpoint?: string
  /** SPA navigation tracking: 'history' (default), 'hash' or 'off'. */
  spa?: 'history' | 'hash' | 'off'
  /** Comma-separated query parameters that carry a site search; default 'q,s,query,search,keyword'. */
  searchParams?: string
  /** Plain link and button clicks (default true); tagged elements are always captured. */
  autocapture?: boolean | string
  /** Classify links to other hosts as outbound (default true). */
  outbound?: boolean | string
  /** Download classification: true (default list), false, or comma-separated extensions. */
  downloads?: boolean | string
  /** 'opt-in' (default), 'cookieless' or 'opt-out'. */
  mode?: 'opt-in' | 'cookieless' | 'opt-out'
  /** Treat Do-Not-Track like Global Privacy Control (marketing off). */
  respectDnt?: boolean | string
  /** Comma-separated path patterns with * wildcards on which nothing is captured. */
  exclude?: string
  /** Track on localhost and file: pages. */
  allowLocalhost?: boolean | string
  /** Log what is dropped and why with console.info. */
  debug?: boolean | string
  /** Consent chunk options, read by heed-consent.js. */
  banner?: 'auto' | 'on' | 'off'
  cmp?: string
  consentVersion?: string
  privacyUrl?: string
  nonce?: string
  [option: string]: string | boolean | undefined
}

export interface HeedItem {
  id?: string
  item_id?: string
  name?: string
  item_name?: string
  category?: string
  item_category?: string
  price?: number
  quantity?: number
}

export interface HeedPurchase {
  order_id: string
  value?: number
  currency?: string
  items?: HeedItem[]
}

export type HeedScalar = string | number | boolean | null
export type ConsentState = 'unknown' | 'denied' | 'analytics' | 'marketing' | 'withdrawn'

export interface HeedConsent {
  analytics: boolean
  marketing: boolean
  /** Who decided: 'api' (default), 'banner', 'cmp:tcf', … */
  source?: string
  /** Consent record id to use (a CMP's own id). */
  id?: string
  /** Write Heed's choice record; false when a CMP owns storage. */
  store?: boolean
}

export interface Heed {
  (command: 'track', name: string, props?: Record<string, HeedScalar>): void
  (command: 'pageview'): void
  (command: 'purchase', purchase: HeedPurchase): void
  (command: 'search', search: { query: string; results?: number }): void
  (command: 'identify', userId: string, traits?: Record<string, HeedScalar>): void
  (command: 'consent', consent: HeedConsent): void
  (command: 'consent:open'): void
  (command: 'forget'): void
  (command: 'ready', callback: () => void): void
}

/** Call `heed(...)` before or after `init`; calls made before wait in a queue. */
export declare const heed: Heed
/** Starts Heed once per page; later calls return the running instance. */
export declare function init(options: HeedOptions): Heed
