/**
 * A visitor id is the only credential for self-service export and deletion, so it must be
 * unguessable: a UUIDv4 from crypto.randomUUID() (122 random bits), the form the snippet makes.
 * Anything shaped differently (shorter, time-based UUIDs) is refused before any lookup.
 */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

export function isStrongVisitorId(value: unknown): value is string {
  return typeof value === 'string' && UUID_V4.test(value)
}

/** SHA-256 of site and visitor id, hex: what the erasure record keeps instead of the id. */
export async function visitorHash(siteId: string, vid: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${siteId}\n${vid}`))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
