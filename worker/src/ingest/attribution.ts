import { memoize } from './memo'
import type { CleanReferrer, CleanUrl } from './url'

export type Medium = 'search' | 'social' | 'email' | 'paid' | 'referral' | 'direct' | 'internal'

export interface Attribution {
  source: string | null
  medium: Medium | null
}

// Registrable-name fragments → source name. Matched against the referrer host's labels.
const SEARCH: Record<string, string> = {
  google: 'google',
  bing: 'bing',
  duckduckgo: 'duckduckgo',
  yahoo: 'yahoo',
  yandex: 'yandex',
  baidu: 'baidu',
  ecosia: 'ecosia',
  qwant: 'qwant',
  startpage: 'startpage',
  naver: 'naver',
  seznam: 'seznam',
  kagi: 'kagi',
}
const SOCIAL: Record<string, string> = {
  facebook: 'facebook',
  fb: 'facebook',
  instagram: 'instagram',
  't.co': 'twitter',
  twitter: 'twitter',
  'x.com': 'twitter',
  linkedin: 'linkedin',
  'lnkd.in': 'linkedin',
  reddit: 'reddit',
  pinterest: 'pinterest',
  youtube: 'youtube',
  tiktok: 'tiktok',
  threads: 'threads',
  'bsky.app': 'bluesky',
  mastodon: 'mastodon',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
}
const WEBMAIL = [
  'mail.google.com',
  'outlook.live.com',
  'outlook.office.com',
  'mail.yahoo.com',
  'mail.proton.me',
]
const PAID_MEDIUMS = new Set([
  'cpc',
  'ppc',
  'paid',
  'paidsearch',
  'paid_search',
  'paid-social',
  'paid_social',
  'cpm',
  'display',
  'paidsocial',
])
const EMAIL_MEDIUMS = new Set(['email', 'e-mail', 'newsletter', 'mail'])
const SOCIAL_MEDIUMS = new Set(['social', 'social-network', 'social_media', 'sm'])

function lookup(host: string, table: Record<string, string>): string | null {
  const bare = host.startsWith('www.') ? host.slice(4) : host
  if (Object.hasOwn(table, bare)) return table[bare] ?? null
  for (const label of bare.split('.')) if (Object.hasOwn(table, label)) return table[label] ?? null
  return null
}

/** A referrer host's medium and source name, when it is a known search engine, social site or webmail. */
const classifyHost = memoize(
  (host: string): { search: string | null; social: string | null; webmail: boolean } => ({
    search: lookup(host, SEARCH),
    social: lookup(host, SOCIAL),
    webmail: WEBMAIL.includes(host),
  }),
)

/**
 * Where a visit came from. Campaign tags win over the referrer; a click id makes it paid; a
 * referrer from the page's own host is internal; no referrer on a landing pageview is direct.
 * Events other than pageviews carry attribution only when their URL is tagged.
 */
export function attribute(page: CleanUrl, referrer: CleanReferrer | null, isPageview: boolean): Attribution {
  const utmMedium = page.utm.medium?.toLowerCase() ?? null
  const refHost = referrer?.host ?? null
  const known = refHost ? classifyHost(refHost) : null
  const refSource = refHost ? (known?.search ?? known?.social ?? refHost.replace(/^www\./, '')) : null
  if (page.paid || (utmMedium && PAID_MEDIUMS.has(utmMedium)))
    return { source: page.utm.source ?? refSource, medium: 'paid' }
  if (page.utm.source || utmMedium) {
    const medium: Medium = utmMedium
      ? EMAIL_MEDIUMS.has(utmMedium)
        ? 'email'
        : SOCIAL_MEDIUMS.has(utmMedium)
          ? 'social'
          : utmMedium === 'organic'
            ? 'search'
            : 'referral'
      : 'referral'
    return { source: page.utm.source ?? refSource, medium }
  }
  if (!isPageview) return { source: null, medium: null }
  if (!refHost) return { source: null, medium: 'direct' }
  if (refHost === page.host) return { source: null, medium: 'internal' }
  if (known?.webmail) return { source: refHost, medium: 'email' }
  if (known?.search) return { source: known.search, medium: 'search' }
  if (known?.social) return { source: known.social, medium: 'social' }
  return { source: refSource, medium: 'referral' }
}
