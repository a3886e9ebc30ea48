import { describe, expect, it } from 'vitest'
import { originAllowed } from './origin'

describe('originAllowed', () => {
  const allowed = ['https://shop.example', 'http://localhost:8787/']

  it('accepts listed origins, ignoring case and a trailing slash', () => {
    expect(originAllowed('https://shop.example', allowed)).toBe(true)
    expect(originAllowed('HTTPS://SHOP.EXAMPLE', allowed)).toBe(true)
    expect(originAllowed('http://localhost:8787', allowed)).toBe(true)
  })

  it('refuses foreign, opaque and look-alike origins', () => {
    for (const o of [
      'https://evil.example',
      'null',
      'http://shop.example',
      'https://shop.example:8443',
      'https://shop.example.evil.example',
    ])
      expect(originAllowed(o, allowed)).toBe(false)
  })

  it('lets requests without Origin through (servers and tools; the bot filter follows)', () => {
    expect(originAllowed(undefined, allowed)).toBe(true)
    expect(originAllowed('', [])).toBe(true)
  })
})
