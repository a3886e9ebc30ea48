import { describe, expect, it } from 'vitest'
import { EncryptionKeyError, openSealed, SealError, seal, sealKeys, unseal } from './seal'

const newKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
const KEY_A = newKey()
const KEY_B = newKey()
const ANA = { site: 'shop', visitor: 'x0123456789abcdef0123456789abcdef', field: 'email' }

/** The reason unseal gives, or the plain value when it opens. */
async function outcome(keys: Awaited<ReturnType<typeof sealKeys>>, ctx: typeof ANA, sealed: string) {
  try {
    return await unseal(keys, ctx, sealed)
  } catch (err) {
    if (err instanceof SealError) return err.reason
    throw err
  }
}

/** `sealed` with the byte at `index` of its part `part` (2: IV, 3: ciphertext) changed. */
function flipByte(sealed: string, part: 2 | 3, index: number) {
  const parts = sealed.split('.')
  const bytes = Uint8Array.from(atob(parts[part]!), (c) => c.charCodeAt(0))
  bytes[index]! ^= 0x01
  parts[part] = btoa(String.fromCharCode(...bytes))
  return parts.join('.')
}

describe('seal', () => {
  it('round-trips, with a fresh IV and the key id in every value', async () => {
    const keys = await sealKeys({ ENCRYPTION_KEY: KEY_A })
    const one = await seal(keys, ANA, 'ana@example.com')
    const two = await seal(keys, ANA, 'ana@example.com')
    expect(one).not.toBe(two)
    expect(one).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9+/]+=*\.[A-Za-z0-9+/]+=*$/)
    expect(one.split('.')[1]).toBe(keys.current!.id)
    expect(await unseal(keys, ANA, one)).toBe('ana@example.com')
    expect(await unseal(keys, ANA, two)).toBe('ana@example.com')
    expect(one).not.toContain('ana')
  })

  it('opens only for the site, visitor and field it was sealed for, and not after any byte changed', async () => {
    const keys = await sealKeys({ ENCRYPTION_KEY: KEY_A })
    const sealed = await seal(keys, ANA, 'ana@example.com')
    const ivLength = atob(sealed.split('.')[2]!).length
    const ctLength = atob(sealed.split('.')[3]!).length
    const cases: [string, typeof ANA, string][] = [
      ['another site', { ...ANA, site: 'shop2' }, sealed],
      ['another visitor', { ...ANA, visitor: 'x0123456789abcdef0123456789abcdee' }, sealed],
      ['another field', { ...ANA, field: 'phone' }, sealed],
      ['the first IV byte', ANA, flipByte(sealed, 2, 0)],
      ['the last IV byte', ANA, flipByte(sealed, 2, ivLength - 1)],
      ['the first ciphertext byte', ANA, flipByte(sealed, 3, 0)],
      ['the last tag byte', ANA, flipByte(sealed, 3, ctLength - 1)],
    ]
    for (const [name, ctx, value] of cases)
      expect([name, await outcome(keys, ctx, value)]).toEqual([name, 'rejected'])
    const parts = sealed.split('.')
    expect(await outcome(keys, ANA, `${parts[2]}.${parts[3]}`)).toBe('malformed') // no version, no key id
    expect(await outcome(keys, ANA, `v2.${parts.slice(1).join('.')}`)).toBe('malformed')
    expect(await outcome(keys, ANA, `${sealed}.x`)).toBe('malformed')
    expect(await outcome(keys, ANA, `v1.${parts[1]}.!!.${parts[3]}`)).toBe('malformed')
    expect(await outcome(keys, ANA, `v1.0000000000000000.${parts[2]}.${parts[3]}`)).toBe('unknown_key')
    expect(await outcome(keys, ANA, sealed)).toBe('ana@example.com')
  })

  it('rotates: the new key seals, an old key listed in ENCRYPTION_KEYS_OLD still opens its values', async () => {
    const before = await sealKeys({ ENCRYPTION_KEY: KEY_A })
    const old = await seal(before, ANA, 'ana@example.com')

    const rotated = await sealKeys({ ENCRYPTION_KEY: KEY_B, ENCRYPTION_KEYS_OLD: ` ${newKey()}, ${KEY_A} ` })
    expect(rotated.current!.id).not.toBe(before.current!.id)
    expect(await unseal(rotated, ANA, old)).toBe('ana@example.com')
    const fresh = await seal(rotated, ANA, '+491701234567')
    expect(fresh.split('.')[1]).toBe(rotated.current!.id)
    expect(await unseal(rotated, ANA, fresh)).toBe('+491701234567')
    // The old key alone cannot open what the new one sealed.
    expect(await outcome(before, ANA, fresh)).toBe('unknown_key')

    // Once the old key is dropped, its values no longer open: the error says which key they need.
    const dropped = await sealKeys({ ENCRYPTION_KEY: KEY_B })
    await expect(unseal(dropped, ANA, old)).rejects.toThrow(
      `sealed with key ${before.current!.id}, which is neither ENCRYPTION_KEY nor listed in ENCRYPTION_KEYS_OLD`,
    )
    // Old keys alone open but do not seal.
    const readOnly = await sealKeys({ ENCRYPTION_KEYS_OLD: KEY_A })
    expect(readOnly.current).toBeNull()
    expect(await unseal(readOnly, ANA, old)).toBe('ana@example.com')
    await expect(seal(readOnly, ANA, 'x')).rejects.toThrow(
      new EncryptionKeyError('ENCRYPTION_KEY is not set'),
    )
  })

  it('refuses malformed keys, naming the secret', async () => {
    const short = btoa('x'.repeat(16))
    await expect(sealKeys({ ENCRYPTION_KEY: 'not base64!' })).rejects.toThrow('ENCRYPTION_KEY is not base64')
    await expect(sealKeys({ ENCRYPTION_KEY: short })).rejects.toThrow(
      'ENCRYPTION_KEY must decode to 32 bytes',
    )
    await expect(
      sealKeys({ ENCRYPTION_KEY: KEY_A, ENCRYPTION_KEYS_OLD: `${KEY_B},${short}` }),
    ).rejects.toThrow('ENCRYPTION_KEYS_OLD entry 2 must decode to 32 bytes')
    await expect(sealKeys({ ENCRYPTION_KEY: KEY_A })).resolves.toMatchObject({
      current: { id: expect.any(String) },
    })
  })

  it('opens for display: the value, or why it cannot be shown', async () => {
    const sealed = await seal(await sealKeys({ ENCRYPTION_KEY: KEY_A }), ANA, 'ana@example.com')
    expect(await openSealed({ ENCRYPTION_KEY: KEY_A }, ANA, sealed)).toEqual({
      value: 'ana@example.com',
      error: null,
    })
    expect(await openSealed({ ENCRYPTION_KEY: KEY_A }, { ...ANA, field: 'phone' }, sealed)).toEqual({
      value: null,
      error: 'rejected: does not open: altered, or sealed for another site, visitor or field',
    })
    expect((await openSealed({}, ANA, sealed)).error).toMatch(/^unknown_key: sealed with key [0-9a-f]{16}/)
    expect(await openSealed({ ENCRYPTION_KEY: 'nope!' }, ANA, sealed)).toEqual({
      value: null,
      error: 'misconfigured: ENCRYPTION_KEY is not base64',
    })
  })
})
