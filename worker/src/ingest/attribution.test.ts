import { describe, expect, it } from 'vitest'
import { attribute } from './attribution'
import REFERRER_HOSTS from './referrer-hosts.json'
import { sanitizeReferrer, sanitizeUrl } from './url'

const rules = { searchParams: ['q'], hashRouting: false }
const page = (url: string) => {
  const u = sanitizeUrl(url, rules)
  if (!u) throw new Error('bad test url')
  return u
}
const ref = (url: string) => sanitizeReferrer(url)

describe('attribute', () => {
  it.each([
    ['https://shop.example/', null, { source: null, medium: 'direct' }],
    ['https://shop.example/', 'https://shop.example/cart', { source: null, medium: 'internal' }],
    ['https://shop.example/', 'https://www.google.de/', { source: 'google', medium: 'search' }],
    ['https://shop.example/', 'https://duckduckgo.com/', { source: 'duckduckgo', medium: 'search' }],
    ['https://shop.example/', 'https://t.co/abc', { source: 'twitter', medium: 'social' }],
    ['https://shop.example/', 'https://l.facebook.com/', { source: 'facebook', medium: 'social' }],
    ['https://shop.example/', 'https://mail.google.com/', { source: 'mail.google.com', medium: 'email' }],
    // From the vendored referer-parser list: a country domain, a provider named differently from its host.
    ['https://shop.example/', 'https://search.yahoo.co.jp/', { source: 'yahoo', medium: 'search' }],
    ['https://shop.example/', 'https://vk.com/feed', { source: 'vkontakte', medium: 'social' }],
    // Listed as Google but no search: a referral, not a search visit.
    ['https://shop.example/', 'https://news.google.co.uk/', { source: 'google', medium: 'referral' }],
    // Newer than the list: the supplement.
    ['https://shop.example/', 'https://www.instagram.com/', { source: 'instagram', medium: 'social' }],
    ['https://shop.example/', 'https://bsky.app/profile/x', { source: 'bluesky', medium: 'social' }],
    [
      'https://shop.example/',
      'https://blog.other.example/post',
      { source: 'blog.other.example', medium: 'referral' },
    ],
    ['https://shop.example/?gclid=1', 'https://www.google.com/', { source: 'google', medium: 'paid' }],
    ['https://shop.example/?utm_source=fb&utm_medium=cpc', null, { source: 'fb', medium: 'paid' }],
    ['https://shop.example/?utm_source=news&utm_medium=email', null, { source: 'news', medium: 'email' }],
    ['https://shop.example/?utm_source=partner', null, { source: 'partner', medium: 'referral' }],
  ] as const)('%s from %s', (url, referrer, expected) => {
    expect(attribute(page(url), referrer ? ref(referrer) : null, true)).toEqual(expected)
  })

  it('knows the vendored list, which covers far more hosts than a hand-made table', () => {
    expect(Object.keys(REFERRER_HOSTS.hosts).length).toBeGreaterThan(1500)
    expect(REFERRER_HOSTS).toMatchObject({ source: 'referer-parser', license: 'Apache-2.0' })
  })

  it('leaves untagged non-pageview events unattributed', () => {
    expect(attribute(page('https://shop.example/'), null, false)).toEqual({ source: null, medium: null })
    expect(attribute(page('https://shop.example/?utm_source=x'), null, false)).toEqual({
      source: 'x',
      medium: 'referral',
    })
  })
})
