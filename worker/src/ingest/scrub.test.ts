import { describe, expect, it } from 'vitest'
import {
  cleanText,
  isSensitiveKey,
  luhn,
  SCRUB_MARGIN,
  safeText,
  scrubId,
  scrubPii,
  scrubText,
  truncate,
} from './scrub'

describe('scrubPii', () => {
  it.each([
    ['mail me at jane.doe+shop@example.co.uk now', 'mail me at [email] now'],
    ['/account/jane%40example.com/orders', '/account/[email]/orders'],
    ['call +49 30 1234 5678 today', 'call [phone] today'],
    ['call (030) 123-45-678', 'call [phone]'],
    ['card 4111 1111 1111 1111 ok', 'card [card] ok'],
    ['card 4111-1111-1111-1111', 'card [card]'],
    ['id 123456789012', 'id [phone]'],
    ['ref 1234567890123456789012', 'ref [number]'],
    [
      't=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      't=[token]',
    ],
    ['key sk4f8a9b2c7d1e3f5a6b8c9d0e1f2a3b', 'key [token]'],
  ])('%s → %s', (input, expected) => {
    expect(scrubPii(input)).toBe(expected)
  })

  it('leaves ordinary text, prices, dates, slugs and UUIDs alone', () => {
    for (const s of [
      'Running shoes – size 42, €129.99',
      '2026-11-28',
      '/blog/best-running-shoes-for-women-2026-edition',
      '/orders/550e8400-e29b-41d4-a716-446655440000',
      // its "51-00000000003" passes the Luhn check: a card only when it stands on its own
      '809741b5-dee8-4018-8a51-00000000003c',
      'Order 12345',
    ])
      expect(scrubPii(s)).toBe(s)
  })

  it('keeps a 16-digit number that fails the Luhn check out of [card]', () => {
    expect(luhn('4111111111111111')).toBe(true)
    expect(luhn('4111111111111112')).toBe(false)
    expect(scrubPii('n 4111111111111112')).toBe('n [number]')
  })

  it('finds a JWT after a hyphen-separated run of "eyJ" pieces, and an address after a long local part', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'
    expect(scrubPii(`${'eyJ-'.repeat(50)} ${jwt}`)).toBe(`${'eyJ-'.repeat(50)} [token]`)
    expect(scrubPii(`${'a'.repeat(100)}@example.com`)).toBe('[email]')
  })
})

describe('scrubId', () => {
  it.each([
    ['ana@example.com', '[email]'],
    ['gift-ana%40example.com', '[email]'],
    ['+49 170 1234567', '[phone]'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', '[token]'],
  ])('%s → %s', (input, expected) => {
    expect(scrubId(input)).toBe(expected)
  })

  it('keeps ids that are long numbers or runs by nature', () => {
    // a Shopify order number, an EAN-13 that passes the Luhn check, an ObjectId, a SKU, a leading-zero customer number
    for (const id of [
      '5123456789012',
      '4006381333931',
      '507f1f77bcf86cd799439011',
      'SKU-ABC-123',
      '0012345678',
    ])
      expect(scrubId(id)).toBe(id)
  })
})

describe('isSensitiveKey', () => {
  it.each([
    'password',
    'api_key',
    'userEmail',
    'mobilePhone',
    'card_number',
    'first_name',
    'firstName',
    'LASTNAME',
    'full_name',
    'Full Name',
    'surname',
    'username',
    'billing_name',
    'street',
    'address',
    'address_line1',
    'shippingAddress',
    'house_number',
    'zip',
    'zipCode',
    'postcode',
    'postal_code',
    'birthday',
    'date_of_birth',
    'dob',
    'mobile',
    'tel',
  ])('%s is sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true)
  })

  it.each([
    'product_name',
    'page_name',
    'campaign_name',
    'category',
    'name',
    'is_mobile',
    'zipped',
    'plan',
    'seats',
  ])('%s is not', (key) => {
    expect(isSensitiveKey(key)).toBe(false)
  })

  it('in traits, which describe a person, a bare name is their name', () => {
    expect(isSensitiveKey('name', { traits: true })).toBe(true)
    expect(isSensitiveKey('Name', { traits: true })).toBe(true)
    expect(isSensitiveKey('plan', { traits: true })).toBe(false)
  })
})

describe('cutting before scrubbing', () => {
  it('scrubs only what may be kept, plus a margin: an address across the limit is still replaced', () => {
    const address = 'jane.doe@example.com'
    const text = `${'x'.repeat(290)} ${address} ${'y '.repeat(5_000)}`
    expect(safeText(text, 300)).toBe(`${'x'.repeat(290)} [email] y`)
    expect(scrubText(text, 300)).toBe(`${'x'.repeat(290)} [email] y`)
  })

  it('drops the word the cut goes through, so no fragment of an address is kept', () => {
    // The token shrinks to a placeholder, pulling the end of the scrubbed part into what is kept.
    const token = 'A1'.repeat(600)
    const before = 300 + SCRUB_MARGIN - 1_200 - 2 - 10
    const text = `${token} ${'x'.repeat(before)} jane.doe.smith@example.com and more`
    expect(text.indexOf('@')).toBeGreaterThan(300 + SCRUB_MARGIN - 8)
    expect(text.indexOf('jane')).toBeLessThan(300 + SCRUB_MARGIN)
    expect(safeText(text, 300)).toBe(`[token] ${'x'.repeat(before)}`)
  })

  it('keeps the start of a word longer than the margin, scrubbed: a long JWT cut in its payload', () => {
    // Its payload's short runs between - and _ are no opaque tokens: only the JWT pattern finds it.
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJ${'ab-cd_'.repeat(400)}.${'sig'.repeat(10)}`
    expect(safeText(`see ${jwt}`, 300)).toBe('see [token]')
    expect(safeText(`see ${'y'.repeat(5_000)}`, 300)).toBe(`see ${'y'.repeat(296)}`)
  })
})

describe('cleanText', () => {
  it('turns control characters into spaces and drops lone surrogates', () => {
    expect(cleanText('a\u0000b\u001fc\u007fd\u009fe')).toBe('a b c d e')
    expect(cleanText('x\uD800y\uDC00z')).toBe('xyz')
    expect(cleanText('pair 😀 kept')).toBe('pair 😀 kept')
  })

  it('normalizes to NFC', () => {
    const decomposed = 'Cafe\u0301'
    expect(cleanText(decomposed)).toBe('Caf\u00e9')
    expect(cleanText(decomposed)).toHaveLength(4)
  })
})

describe('truncate and safeText', () => {
  it('cuts without splitting a surrogate pair', () => {
    expect(truncate('ab😀', 3)).toBe('ab')
    expect(truncate('abc', 5)).toBe('abc')
  })

  it('cleans, scrubs, trims and bounds; empty becomes null', () => {
    expect(safeText('  hi jane@example.com  ', 100)).toBe('hi [email]')
    expect(safeText('x'.repeat(400), 300)).toHaveLength(300)
    expect(safeText(' \u0000 ', 10)).toBeNull()
    expect(safeText(undefined, 10)).toBeNull()
  })
})
