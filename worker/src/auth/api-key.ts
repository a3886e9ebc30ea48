/**
 * API key format, shared by the worker and the local scripts (Node runs this file directly,
 * so it uses only WebCrypto and erasable TypeScript syntax).
 *
 * A key looks like `heed_k7Qx2mPa_<32 base62 chars>`; `heed_k7Qx2mPa` is the visible prefix
 * a person recognises in lists. Only SHA-256(key) is stored.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniformly likely (62 does not divide 256).
  let out = ''
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2))
    for (const b of bytes) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62]
    }
  }
  return out
}

export interface NewApiKey {
  key: string
  prefix: string
  hash: string
}

export async function generateApiKey(): Promise<NewApiKey> {
  const prefix = `heed_${randomBase62(8)}`
  const key = `${prefix}_${randomBase62(32)}`
  return { key, prefix, hash: await hashApiKey(key) }
}

export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The visible prefix of a key, or null when it is not shaped like one of ours. */
export function apiKeyPrefix(key: string): string | null {
  const m = /^(heed_[0-9A-Za-z]{8})_[0-9A-Za-z]{32}$/.exec(key)
  return m ? m[1]! : null
}
