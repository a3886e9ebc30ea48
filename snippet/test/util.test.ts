import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuid } from '../src/util'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('uuid', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('is a v4 UUID from randomUUID where it exists', () => {
    expect(uuid()).toMatch(V4)
  })

  it('is a fresh v4 UUID from a blob: URL on plain-http pages, where randomUUID is missing', () => {
    // What an insecure context looks like: crypto without randomUUID.
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) })
    const ids = Array.from({ length: 50 }, uuid)
    for (const id of ids) expect(id).toMatch(V4)
    expect(new Set(ids).size).toBe(50)
  })
})
