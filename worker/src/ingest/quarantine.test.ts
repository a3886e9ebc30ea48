import { describe, expect, it } from 'vitest'
import { quarantineRow, scrubDeep } from './quarantine'

describe('quarantineRow', () => {
  it('scrubs personal data from strings and keys, keeps numbers', () => {
    const row = quarantineRow(
      's',
      'e1',
      'invalid_event',
      'title: bad jane@example.com',
      { ts: 1795857741523, title: 'hi jane@example.com', 'a@b.co': 1 },
      5,
    )
    expect(row).toEqual({
      site_id: 's',
      vid: null,
      event_id: 'e1',
      reason: 'invalid_event',
      detail: 'title: bad [email]',
      payload: '{"ts":1795857741523,"title":"hi [email]","[email]":1}',
      created_at: 5,
    })
  })

  it('bounds nesting, strings and the payload', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 10; i++) deep = { d: deep }
    expect(JSON.stringify(scrubDeep(deep))).toBe('{"d":{"d":{"d":{"d":{"d":{"d":"[nested]"}}}}}}')
    expect(quarantineRow(null, null, 'r', null, { s: 'y'.repeat(5_000) }, 0).payload).toHaveLength(2_000)
    expect(quarantineRow(null, null, 'r', null, undefined, 0).payload).toBeNull()
  })

  it('strips control characters and lone surrogates', () => {
    expect(quarantineRow(null, null, 'r', null, { t: 'a\u0000b\uD800' }, 0).payload).toBe('{"t":"a b"}')
  })
})
