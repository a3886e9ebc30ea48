/**
 * Who the visitor is. With analytics consent the snippet's random visitor id is used as sent.
 * Without it (cookieless mode) the visitor is a hash of a daily salt, the site, the IP address and
 * the user agent: stable for one day, unlinkable across days once the salt is deleted (48 h).
 * The IP address only ever enters this hash; it is not stored or logged.
 */
export const COOKIELESS_PREFIX = 'anon_'
const HASH_HEX_CHARS = 24

const encoder = new TextEncoder()

/** The first HASH_HEX_CHARS hex characters of SHA-256 over the parts, kept apart by unit separators. */
async function saltedHash(parts: string[]) {
  // Unit separators keep ("ab","c") and ("a","bc") apart.
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(parts.join('\u001f'))))
  let hex = ''
  for (let i = 0; i < HASH_HEX_CHARS / 2; i++) hex += (digest[i] as number).toString(16).padStart(2, '0')
  return hex
}

export async function cookielessVisitorId(salt: string, siteId: string, ip: string, userAgent: string) {
  return COOKIELESS_PREFIX + (await saltedHash([salt, siteId, ip, userAgent]))
}

/**
 * The client address as the rate limits and the per-address quota share see it: a hash of the
 * day's salt and the address, so like the cookieless id it cannot be turned back into an address
 * once the salt is deleted. An IPv6 client is its /64 (one home or one phone holds a whole /64 and
 * can pick any address in it); an IPv4 client is its address.
 */
export async function clientAddressHash(salt: string, ip: string) {
  return saltedHash([salt, 'address', addressBlock(ip)])
}

/** The block one client controls: an IPv4 address, or the first 64 bits of an IPv6 address. */
export function addressBlock(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '')
  if (!address.includes(':')) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)
  if (mapped) return mapped[1]!
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`
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
