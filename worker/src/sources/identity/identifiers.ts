/**
 * Identifiers of a person as link keys. Raw e-mail addresses, phone numbers, user ids and customer
 * numbers never reach a table: each becomes `kind:HMAC-SHA-256(site salt, normalized value)`, so the
 * same customer imported from a till and identified on the web meets under the same key, while a
 * leaked table cannot be reversed without the site's salt.
 */
export type IdentifierKind = 'vid' | 'user' | 'email' | 'phone' | 'customer'

export interface LinkInput {
  key: string
  kind: IdentifierKind
  /**
   * The visitor the link describes: the id itself for kind `vid`; for a contact kept sealed, the
   * visitor it was given for (the seal is bound to it). Other links have none.
   */
  vid?: string
  /** The raw contact sealed with lib/seal.ts (field = kind), when the site keeps contacts. */
  sealed?: string
}

const hex = (buf: ArrayBuffer) =>
  [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase()
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null
}

/** Digits with an optional leading +; "00" becomes "+". Fewer than 6 digits is not a phone number. */
export function normalizePhone(raw: string): string | null {
  let phone = raw.trim().replace(/[\s().\-/]/g, '')
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`
  if (!/^\+?\d{6,15}$/.test(phone)) return null
  return phone
}

/** A site's HMAC key, made from its salt once per salt. */
const keyCache = new Map<string, Promise<CryptoKey>>()

function hmacKey(salt: string): Promise<CryptoKey> {
  let key = keyCache.get(salt)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(salt),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    keyCache.set(salt, key)
  }
  return key
}

export async function hashIdentifier(salt: string, kind: Exclude<IdentifierKind, 'vid'>, value: string) {
  const sig = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(salt),
    new TextEncoder().encode(`${kind}:${value}`),
  )
  return hex(sig)
}

/** The link key of a raw identifier, or null when the value is not a valid identifier of that kind. */
export async function identifierKey(
  salt: string,
  kind: Exclude<IdentifierKind, 'vid'>,
  raw: string,
): Promise<string | null> {
  const value =
    kind === 'email' ? normalizeEmail(raw) : kind === 'phone' ? normalizePhone(raw) : raw.trim() || null
  if (!value) return null
  return `${kind}:${await hashIdentifier(salt, kind, value)}`
}

export const vidKey = (vid: string) => `vid:${vid}`

/**
 * A stable visitor id for data that arrives without a browser: `x` + 32 hex of SHA-256 of the link
 * key. It satisfies the protocol's visitor id format, so server and offline rows sit in the same
 * tables as web rows and erasure finds them through the same registry.
 */
export async function syntheticVid(linkKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`synthetic:${linkKey}`))
  return `x${hex(digest).slice(0, 32)}`
}

/** A fresh random salt for a site (256 bits, hex). */
export function newSalt(): string {
  return hex(crypto.getRandomValues(new Uint8Array(32)).buffer)
}

/** Reads the site's identifier salt, creating it on first use (INSERT OR IGNORE keeps racing writers consistent). */
export async function siteSalt(d1: D1Database, siteId: string, now = Date.now()): Promise<string> {
  await d1
    .prepare('INSERT OR IGNORE INTO identity_salts (site_id, salt, created_at) VALUES (?, ?, ?)')
    .bind(siteId, newSalt(), now)
    .run()
  const row = await d1
    .prepare('SELECT salt FROM identity_salts WHERE site_id = ?')
    .bind(siteId)
    .first<{ salt: string }>()
  return row!.salt
}
