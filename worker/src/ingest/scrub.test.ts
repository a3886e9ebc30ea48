import { describe, expect, it } from 'vitest'
import { cleanText, luhn, safeText, scrubPii, truncate } from './scrub'

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

  it('stays fast on hostile 8,000-char input', () => {
    const hostile = [
      `${'a'.repeat(7_999)}@`,
      `${'1 '.repeat(4_000)}`,
      `${'a%'.repeat(4_000)}`,
      'eyJ'.repeat(2_666),
    ]
    const started = performance.now()
    for (const s of hostile) scrubPii(s)
    expect(performance.now() - started).toBeLessThan(200)
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
