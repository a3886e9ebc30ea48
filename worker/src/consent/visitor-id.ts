import { sha256Hex } from '../lib/hash'

/**
 * A visitor id must be unguessable: a UUIDv4 from crypto.randomUUID() (122 random bits), the form
 * the snippet makes. Anything shaped differently (shorter, time-based UUIDs) is refused before any
 * lookup. It names the visitor; acting on their data also needs their secret (credential.ts).
 */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

export function isStrongVisitorId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V4.test(value)
}

/** SHA-256 of site and visitor id, hex: what the erasure record keeps instead of the id. */
export const visitorHash = (siteId: string, vid: string): Promise<string> => sha256Hex(`${siteId}\n${vid}`)
