import { describe, expect, it } from 'vitest'
import { isStrongVisitorId, visitorHash } from './visitor-id'

describe('isStrongVisitorId', () => {
  it.each([
    ['0d9e3b1a-7c6f-4e2d-8a1b-2c3d4e5f6a7b', true],
    ['0D9E3B1A-7C6F-4E2D-8A1B-2C3D4E5F6A7B', true],
    ['AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', false], // random-looking, but not the snippet's form
    ['0d9e3b1a-7c6f-4e2d-ca1b-2c3d4e5f6a7b', false], // wrong variant nibble
    ['0d9e3b1a-7c6f-1e2d-8a1b-2c3d4e5f6a7b', false], // UUIDv1: time-based, guessable
    ['1', false],
    ['', false],
    [42, false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isStrongVisitorId(value)).toBe(expected)
  })
})

describe('visitorHash', () => {
  it('is the hex SHA-256 of site, newline, visitor id', async () => {
    // printf 'shop\nabc' | sha256sum
    expect(await visitorHash('shop', 'abc')).toBe(
      'e224a3685f74bbfb2a5f4f41ff14e38e96f758852447a4e50ffde8d2fe506673',
    )
  })
})
