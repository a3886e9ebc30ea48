import { memoize } from './memo'
import REFERRER_HOSTS from './referrer-hosts.json'
import type { CleanReferrer, CleanUrl } from './url'

export type Medium = 'search' | 'social' | 'email' | 'paid' | 'referral' | 'direct' | 'internal'

export interface Attribution {
  source: string | null
  medium: Medium | null
}

type KnownMedium = 'search' | 'social' | 'email' | 'referral'

/**
 * Hosts the vendored list lacks (services newer than it) or gets wrong, as host → [medium, source].
 * Checked before the list.
 */
const SUPPLEMENT: Record<string, [KnownMedium, string]> = {
  'duckduckgo.com': ['search', 'duckduckgo'],
  'qwant.com': ['search', 'qwant'],
  'startpage.com': ['search', 'startpage'],
  'kagi.com': ['search', 'kagi'],
  'search.seznam.cz': ['search', 'seznam'],
  'instagram.com': ['social', 'instagram'],
  'x.com': ['social', 'twitter'],
  'lnkd.in': ['social', 'linkedin'],
  'youtube.com': ['social', 'youtube'],
  'tiktok.com': ['social', 'tiktok'],
  'threads.net': ['social', 'threads'],
  'bsky.app': ['social', 'bluesky'],
  'mastodon.social': ['social', 'mastodon'],
  'web.whatsapp.com': ['social', 'whatsapp'],
  't.me': ['social', 'telegram'],
  'web.telegram.org': ['social', 'telegram'],
  'outlook.live.com': ['email', 'outlook'],
  'outlook.office.com': ['email', 'outlook'],
  'mail.proton.me': ['email', 'proton-mail'],
}
// Typed by hand: TypeScript reads the generated JSON's pairs as plain string arrays.
const HOSTS = REFERRER_HOSTS.hosts as unknown as Record<string, [KnownMedium, string]>

/**
 * The known entry for a referrer host: the host itself, then each parent domain (l.facebook.com →
 * facebook.com), without a leading "www.".
 */
function lookup(host: string): [KnownMedium, string] | null {
  let h = host.startsWith('www.') ? host.slice(4) : host
  for (;;) {
    const hit = (Object.hasOwn(SUPPLEMENT, h) && SUPPLEMENT[h]) || (Object.hasOwn(HOSTS, h) && HOSTS[h])
    if (hit) return hit
    const dot = h.indexOf('.')
    if (dot === -1 || h.indexOf('.', dot + 1) === -1) return null
    h = h.slice(dot + 1)
  }
}

/** A referrer host's medium and source name, when it is a known search engine, social site or webmail. */
const classifyHost = memoize(
  (
    host: string,
  ): { search: string | null; social: string | null; webmail: boolean; source: string | null } => {
    const hit = lookup(host)
    return {
      search: hit?.[0] === 'search' ? hit[1] : null,
      social: hit?.[0] === 'social' ? hit[1] : null,
      webmail: hit?.[0] === 'email',
      source: hit?.[1] ?? null,
    }
  },
)

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

/**
 * Where a visit came from. Campaign tags win over the referrer; a click id makes it paid; a
 * referrer from the page's own host is internal; no referrer on a landing pageview is direct.
 * Events other than pageviews carry attribution only when their URL is tagged.
 */
export function attribute(page: CleanUrl, referrer: CleanReferrer | null, isPageview: boolean): Attribution {
  const utmMedium = page.utm.medium?.toLowerCase() ?? null
  const refHost = referrer?.host ?? null
  const known = refHost ? classifyHost(refHost) : null
  const refSource = refHost ? (known?.source ?? refHost.replace(/^www\./, '')) : null
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
