/**
 * AES-GCM sealing of raw contact details for sites that opt in to keeping them
 * (settings.sources.keepContacts). The key is the ENCRYPTION_KEY secret (32 bytes, base64), never
 * stored in D1; each value gets a random 96-bit IV, stored with the ciphertext as `iv.ciphertext`.
 */
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

export class EncryptionKeyError extends Error {}

export async function importSealKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret) throw new EncryptionKeyError('ENCRYPTION_KEY is not set')
  let raw: Uint8Array
  try {
    raw = unb64(secret.trim())
  } catch {
    throw new EncryptionKeyError('ENCRYPTION_KEY is not base64')
  }
  if (raw.length !== 32) throw new EncryptionKeyError('ENCRYPTION_KEY must decode to 32 bytes')
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

export async function seal(key: CryptoKey, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext))
  return `${b64(iv)}.${b64(new Uint8Array(ct))}`
}

export async function unseal(key: CryptoKey, sealed: string): Promise<string> {
  const [iv, ct] = sealed.split('.')
  if (!iv || !ct) throw new Error('not a sealed value')
  const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(iv) }, key, unb64(ct))
  return new TextDecoder().decode(pt)
}
