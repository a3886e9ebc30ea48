import { describe, expect, it } from 'vitest'
import { sanitizeReferrer, sanitizeUrl } from './url'

const rules = { searchParams: ['q', 's'], hashRouting: false }

describe('sanitizeUrl', () => {
  it('lowercases the host, drops the default port, credentials and fragment', () => {
    const u = sanitizeUrl('HTTPS://user:pw@Shop.EXAMPLE:443/Shoes#reviews', rules)
    expect(u).toMatchObject({ url: 'https://shop.example/Shoes', path: '/Shoes', host: 'shop.example' })
    expect(sanitizeUrl('http://shop.example:80/a', rules)?.url).toBe('http://shop.example/a')
    expect(sanitizeUrl('http://shop.example:8080/a', rules)?.url).toBe('http://shop.example:8080/a')
  })

  it('keeps the fragment for hash-routed sites', () => {
    expect(sanitizeUrl('https://app.example/#/cart', { ...rules, hashRouting: true })?.url).toBe(
      'https://app.example/#/cart',
    )
  })

  it('keeps utm_* and site-search parameters only; click ids become the paid flag', () => {
    const u = sanitizeUrl(
      'https://shop.example/s?q=red+shoes&utm_source=news&UTM_Medium=email&gclid=XYZ&session=abc&ref=tw',
      rules,
    )
    expect(u).toMatchObject({
      url: 'https://shop.example/s?q=red+shoes&utm_source=news&utm_medium=email',
      paid: true,
      search: 'red shoes',
      utm: { source: 'news', medium: 'email', campaign: null, term: null, content: null },
    })
    expect(sanitizeUrl('https://shop.example/?fbclid=1', rules)).toMatchObject({
      url: 'https://shop.example/',
      paid: true,
    })
  })

  it('scrubs personal data from the path and kept parameters', () => {
    const u = sanitizeUrl(
      'https://shop.example/u/jane@example.com?q=call+%2B49+30+1234+5678&email=jane@example.com',
      rules,
    )
    expect(u?.url).toBe('https://shop.example/u/[email]?q=call+%5Bphone%5D')
  })

  it('redacts a search parameter whose name is sensitive', () => {
    const u = sanitizeUrl('https://shop.example/?token=abc', { ...rules, searchParams: ['token'] })
    expect(u?.url).toBe('https://shop.example/?token=%5Bredacted%5D')
  })

  it('cuts to 2,000 characters', () => {
    const u = sanitizeUrl(`https://shop.example/${'a/'.repeat(1_500)}`, rules)
    expect(u?.url).toHaveLength(2_000)
  })

  it.each(['not a url', 'javascript:alert(1)', 'ftp://shop.example/x', 'data:text/html,<script>', ''])(
    'refuses %s',
    (raw) => {
      expect(sanitizeUrl(raw, rules)).toBeNull()
    },
  )

  it('percent-encodes <script> and SQL in paths instead of passing them through', () => {
    const u = sanitizeUrl("https://shop.example/<script>alert(1)</script>?q=' OR 1=1;--", rules)
    expect(u?.url).toBe('https://shop.example/%3Cscript%3Ealert(1)%3C/script%3E?q=%27+OR+1%3D1%3B--')
  })
})

describe('sanitizeReferrer', () => {
  it('keeps origin and path only', () => {
    expect(sanitizeReferrer('https://www.Google.com/search?q=secret#x')).toEqual({
      url: 'https://www.google.com/search',
      host: 'www.google.com',
    })
    expect(sanitizeReferrer('')).toBeNull()
    expect(sanitizeReferrer('android-app://com.google')).toBeNull()
  })
})
