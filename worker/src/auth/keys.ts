import { and, asc, eq, gt } from 'drizzle-orm'
import { db } from '../db/client'
import { apiKeys } from '../db/schema'
import { generateApiKey } from './api-key'
import type { Scope } from './scopes'

/** A site's API key as stored: only the key's SHA-256 and its visible prefix are kept. */
export type ApiKeyRow = typeof apiKeys.$inferSelect

/** Creates a key for a site; the key itself is in the answer only, never stored. */
export async function createApiKey(
  d1: D1Database,
  siteId: string,
  name: string,
  scopes: Scope[],
): Promise<{ row: ApiKeyRow; key: string }> {
  const { key, prefix, hash } = await generateApiKey()
  const row: ApiKeyRow = {
    id: crypto.randomUUID(),
    siteId,
    name,
    prefix,
    hash,
    scopes: [...new Set(scopes)],
    createdAt: Date.now(),
    lastUsedAt: null,
    revokedAt: null,
  }
  await db(d1).insert(apiKeys).values(row)
  return { row, key }
}

/** Up to `limit` of a site's keys by id, after `afterId`. */
export function listApiKeys(d1: D1Database, siteId: string, afterId: string | undefined, limit: number) {
  return db(d1)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.siteId, siteId), afterId === undefined ? undefined : gt(apiKeys.id, afterId)))
    .orderBy(asc(apiKeys.id))
    .limit(limit)
}

/** One key of a site, or null. */
export async function findApiKey(d1: D1Database, siteId: string, id: string): Promise<ApiKeyRow | null> {
  const row = await db(d1)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.siteId, siteId), eq(apiKeys.id, id)))
    .get()
  return row ?? null
}

/** Renames a key or replaces its scopes; null when the site has no such key. */
export async function updateApiKey(
  d1: D1Database,
  siteId: string,
  id: string,
  changes: { name?: string; scopes?: Scope[] },
): Promise<ApiKeyRow | null> {
  if (!(await findApiKey(d1, siteId, id))) return null
  await db(d1)
    .update(apiKeys)
    .set({ name: changes.name, scopes: changes.scopes ? [...new Set(changes.scopes)] : undefined })
    .where(and(eq(apiKeys.siteId, siteId), eq(apiKeys.id, id)))
  return findApiKey(d1, siteId, id)
}

/** Revokes a key (once: a revoked key keeps its first revocation time); null when there is no such key. */
export async function revokeApiKey(d1: D1Database, siteId: string, id: string): Promise<ApiKeyRow | null> {
  const existing = await findApiKey(d1, siteId, id)
  if (!existing) return null
  if (!existing.revokedAt)
    await db(d1)
      .update(apiKeys)
      .set({ revokedAt: Date.now() })
      .where(and(eq(apiKeys.siteId, siteId), eq(apiKeys.id, id)))
  return findApiKey(d1, siteId, id)
}

/**
 * Records that a key was used, to the minute: one D1 write per key per minute, not per request.
 * Null when the stored time is recent enough.
 */
export function touchApiKey(
  d1: D1Database,
  keyId: string,
  lastUsedAt: number | null | undefined,
  now: number,
): Promise<unknown> | null {
  if (lastUsedAt && now - lastUsedAt <= 60_000) return null
  return db(d1).update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, keyId)).run()
}
