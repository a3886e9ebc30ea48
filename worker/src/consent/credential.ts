import { sha256Hex } from '../lib/hash'
import { ofVisitor } from './erase'
import { visitorTablesSql } from './registry'

/**
 * The visitor credential (docs/consent.md, "The visitor credential"). The snippet keeps a random
 * secret beside the visitor id; the worker keeps SHA-256 of it per (site, visitor), bound the
 * first time a secret arrives for a visitor with stored data, or with the decision that stores
 * their first consent state. From then on export, self-service deletion and every consent
 * decision naming the visitor must carry the same secret.
 *
 * Plain SHA-256 suffices: the secret is random (two UUIDv4s from the snippet, 244 bits), so there
 * is no dictionary to try, and a stolen hash does not give back the secret.
 */
const SECRET = /^[A-Za-z0-9_-]{32,128}$/

/** A secret is 32 to 128 URL-safe characters; the snippet sends two UUIDv4s joined (72). */
export function isVisitorSecret(value: unknown): value is string {
  return typeof value === 'string' && SECRET.test(value)
}

export type VisitorProof =
  | { ok: true }
  | { ok: false; code: 'visitor_secret_required' | 'visitor_secret_mismatch'; message: string }

const REQUIRED: VisitorProof = {
  ok: false,
  code: 'visitor_secret_required',
  message: "This visitor's data needs the secret their browser keeps beside the visitor id",
}
const MISMATCH: VisitorProof = {
  ok: false,
  code: 'visitor_secret_mismatch',
  message: 'The secret does not belong to this visitor id',
}

/** Compares two SHA-256 hex digests in time that does not depend on where they differ. */
function sameDigest(a: string, b: string): boolean {
  const enc = new TextEncoder()
  const [x, y] = [enc.encode(a), enc.encode(b)]
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y)
}

/**
 * The bound hash of (site ?1, visitor ?2), and whether any registered table holds a row about them
 * (exported for the query-plan test: each table is read by its (site, visitor) index).
 */
export function credentialSql(): string {
  const known = visitorTablesSql()
    .map((t) => `EXISTS (SELECT 1 FROM ${ofVisitor(t)})`)
    .join(' OR ')
  return `SELECT (SELECT secret_hash FROM visitor_credentials WHERE site_id = ?1 AND vid = ?2) AS hash, (${known}) AS known`
}

export interface ProveOptions {
  /** The request stores consent state for the visitor (a grant): a first secret is bound even if nothing is stored yet. */
  stores?: boolean
  now?: number
}

/**
 * Whether a request carrying `secret` (or none) may act on visitor `vid` of `siteId`:
 * - a credential is bound: the secret must be given and hash to it;
 * - none is bound and the visitor has stored data: a secret is required and is bound now (first sight);
 * - none is bound and nothing is stored: there is nothing to protect. A secret is bound only when
 *   the request stores the visitor's first consent state (`stores`), so requests for random ids
 *   write nothing.
 * Two first sights racing for one visitor: the first insert wins, the other is compared with it.
 */
export async function proveVisitor(
  d1: D1Database,
  siteId: string,
  vid: string,
  secret: string | undefined,
  opts: ProveOptions = {},
): Promise<VisitorProof> {
  const found = await d1
    .prepare(credentialSql())
    .bind(siteId, vid)
    .first<{ hash: string | null; known: number }>()
  const given = secret === undefined ? null : await sha256Hex(secret)
  if (found?.hash) {
    if (given === null) return REQUIRED
    return sameDigest(given, found.hash) ? { ok: true } : MISMATCH
  }
  if (given === null) return found?.known ? REQUIRED : { ok: true }
  if (!found?.known && !opts.stores) return { ok: true }
  const bound = await d1
    .prepare(
      `INSERT INTO visitor_credentials (site_id, vid, secret_hash, bound_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (site_id, vid) DO UPDATE SET secret_hash = secret_hash RETURNING secret_hash`,
    )
    .bind(siteId, vid, given, opts.now ?? Date.now())
    .first<{ secret_hash: string }>()
  return bound && sameDigest(given, bound.secret_hash) ? { ok: true } : MISMATCH
}
