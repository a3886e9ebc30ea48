/**
 * Who the visitor is. With analytics consent the snippet's random visitor id is used as sent.
 * Without it (cookieless mode) the visitor is a hash of a daily salt, the site, the IP address and
 * the user agent: stable for one day, unlinkable across days once the salt is deleted (48 h).
 * The IP address only ever enters this hash; it is not stored or logged.
 */
export const COOKIELESS_PREFIX = 'anon_'
const HASH_HEX_CHARS = 24

const encoder = new TextEncoder()

export async function cookielessVisitorId(salt: string, siteId: string, ip: string, userAgent: string) {
  // Unit separators keep ("ab","c") and ("a","bc") apart.
  const input = `${salt}\u001f${siteId}\u001f${ip}\u001f${userAgent}`
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(input)))
  let hex = ''
  for (let i = 0; i < HASH_HEX_CHARS / 2; i++) hex += (digest[i] as number).toString(16).padStart(2, '0')
  return COOKIELESS_PREFIX + hex
}

/** The UTC day a salt belongs to, `YYYY-MM-DD`. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** A fresh daily salt: 32 random bytes, hex. */
export function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  )
}
