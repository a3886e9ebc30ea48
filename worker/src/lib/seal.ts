/**
 * AES-GCM sealing of values kept encrypted at rest (the raw contact details a site opts to keep).
 *
 * - A seal is bound to its context (site, visitor and field) as associated data: a sealed value
 *   copied to another site, visitor or field does not open, and neither does one with a byte changed.
 * - A seal names the key it was made with, so keys rotate: `ENCRYPTION_KEY` seals, and it or any key
 *   listed in `ENCRYPTION_KEYS_OLD` opens. A key's id is derived from the key, so nothing else needs
 *   configuring.
 *
 * Keys are secrets (32 bytes, base64), never stored in D1. A sealed value is
 * `v1.<key id>.<iv>.<ciphertext>`, the last two base64, with a random 96-bit IV per value.
 */
export interface SealSecrets {
  /** The key new values are sealed with. */
  ENCRYPTION_KEY?: string
  /** Earlier keys, comma- or space-separated: they only open values sealed before a rotation. */
  ENCRYPTION_KEYS_OLD?: string
}

/** What a sealed value belongs to; the same context must be given to open it. */
export interface SealContext {
  site: string
  visitor: string
  field: string
}

export interface SealKeys {
  /** The key that seals, or null when ENCRYPTION_KEY is not set. */
  current: { id: string; key: CryptoKey } | null
  /** Every configured key by id: the current one and the old ones. */
  byId: ReadonlyMap<string, CryptoKey>
}

/** The secrets are missing or malformed. */
export class EncryptionKeyError extends Error {}

/**
 * A sealed value that does not open: `malformed` (not a sealed value of this format), `unknown_key`
 * (sealed with a key that is not configured), `rejected` (altered, or another context).
 */
export class SealError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'rejected',
    message: string,
  ) {
    super(message)
  }
}

const VERSION = 'v1'
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')

async function importKey(name: string, text: string): Promise<{ id: string; key: CryptoKey }> {
  let raw: Uint8Array
  try {
    raw = unb64(text.trim())
  } catch {
    throw new EncryptionKeyError(`${name} is not base64`)
  }
  if (raw.length !== 32) throw new EncryptionKeyError(`${name} must decode to 32 bytes`)
  // The id is a hash of the key under its own label: it tells keys apart and reveals nothing of them.
  const label = new TextEncoder().encode('heed-seal-key-id:')
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array([...label, ...raw]))
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
  return { id: hex(new Uint8Array(digest).slice(0, 8)), key }
}

async function loadKeys(secrets: SealSecrets): Promise<SealKeys> {
  const byId = new Map<string, CryptoKey>()
  const old = (secrets.ENCRYPTION_KEYS_OLD ?? '').split(/[\s,]+/).filter(Boolean)
  for (const [i, text] of old.entries()) {
    const { id, key } = await importKey(`ENCRYPTION_KEYS_OLD entry ${i + 1}`, text)
    byId.set(id, key)
  }
  const current = secrets.ENCRYPTION_KEY?.trim()
    ? await importKey('ENCRYPTION_KEY', secrets.ENCRYPTION_KEY)
    : null
  if (current) byId.set(current.id, current.key)
  return { current, byId }
}

/** Keys per configuration, imported once per isolate. */
const loaded = new Map<string, Promise<SealKeys>>()

/** The configured keys; throws EncryptionKeyError when a secret is malformed (a missing one is not). */
export function sealKeys(secrets: SealSecrets): Promise<SealKeys> {
  const id = `${secrets.ENCRYPTION_KEY ?? ''}\n${secrets.ENCRYPTION_KEYS_OLD ?? ''}`
  let keys = loaded.get(id)
  if (!keys) {
    keys = loadKeys(secrets)
    loaded.set(id, keys)
  }
  return keys
}

/** Associated data: the context, unambiguously encoded. */
const associated = (ctx: SealContext) =>
  new TextEncoder().encode(JSON.stringify([VERSION, ctx.site, ctx.visitor, ctx.field]))

export async function seal(keys: SealKeys, ctx: SealContext, plaintext: string): Promise<string> {
  if (!keys.current) throw new EncryptionKeyError('ENCRYPTION_KEY is not set')
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: associated(ctx) },
    keys.current.key,
    new TextEncoder().encode(plaintext),
  )
  return `${VERSION}.${keys.current.id}.${b64(iv)}.${b64(new Uint8Array(ct))}`
}

/** The plain value of `sealed`, which must have been sealed for `ctx`; throws SealError otherwise. */
export async function unseal(keys: SealKeys, ctx: SealContext, sealed: string): Promise<string> {
  const [version, keyId, ivText, ctText, ...rest] = sealed.split('.')
  if (version !== VERSION || !keyId || !ivText || !ctText || rest.length)
    throw new SealError('malformed', 'not a sealed value')
  const key = keys.byId.get(keyId)
  if (!key)
    throw new SealError(
      'unknown_key',
      `sealed with key ${keyId}, which is neither ENCRYPTION_KEY nor listed in ENCRYPTION_KEYS_OLD`,
    )
  let iv: Uint8Array
  let ct: Uint8Array
  try {
    iv = unb64(ivText)
    ct = unb64(ctText)
  } catch {
    throw new SealError('malformed', 'not a sealed value')
  }
  try {
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: associated(ctx) }, key, ct)
    return new TextDecoder().decode(pt)
  } catch {
    throw new SealError('rejected', 'does not open: altered, or sealed for another site, visitor or field')
  }
}

/** What a reader shows of a sealed value: the plain value, or why it cannot be shown. */
export type Opened = { value: string; error: null } | { value: null; error: string }

/** Opens a sealed value for display; a missing key or a value that does not open becomes the error. */
export async function openSealed(secrets: SealSecrets, ctx: SealContext, sealed: string): Promise<Opened> {
  try {
    return { value: await unseal(await sealKeys(secrets), ctx, sealed), error: null }
  } catch (err) {
    if (err instanceof SealError) return { value: null, error: `${err.reason}: ${err.message}` }
    if (err instanceof EncryptionKeyError) return { value: null, error: `misconfigured: ${err.message}` }
    throw err
  }
}
