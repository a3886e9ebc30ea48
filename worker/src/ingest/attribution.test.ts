import { describe, expect, it } from 'vitest'
import { attribute } from './attribution'
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

  it('leaves untagged non-pageview events unattributed', () => {
    expect(attribute(page('https://shop.example/'), null, false)).toEqual({ source: null, medium: null })
    expect(attribute(page('https://shop.example/?utm_source=x'), null, false)).toEqual({
      source: 'x',
      medium: 'referral',
    })
  })
})
