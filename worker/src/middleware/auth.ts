import { and, eq, isNull } from 'drizzle-orm'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { adminTokenWeakness } from '../auth/admin-token'
import { apiKeyPrefix, hashApiKey } from '../auth/api-key'
import { touchApiKey } from '../auth/keys'
import { type Scope, scopeAllows } from '../auth/scopes'
import { db } from '../db/client'
import { apiKeys } from '../db/schema'
import type { AppEnv } from '../env'
import { overLimit } from '../lib/limit'

/** Who is calling: the bootstrap admin token (every site) or one site's key. */
export type Caller =
  | { kind: 'admin-token' }
  | { kind: 'key'; keyId: string; siteId: string; scopes: Scope[]; lastUsedAt?: number | null }

export type AuthEnv = AppEnv & { Variables: { caller: Caller } }

/** Constant-time comparison of two strings (length leaks, content does not). */
export async function timingSafeEqualStrings(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder()
  // Hash first so both sides have equal length.
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(a)),
    crypto.subtle.digest('SHA-256', enc.encode(b)),
  ])
  // Workers' own constant-time compare; it throws on unequal lengths, which the digests never are.
  return crypto.subtle.timingSafeEqual(ha, hb)
}

function deny(status: 401 | 403 | 429 | 503, code: string, message: string) {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: {
      'content-type': 'application/json',
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
  })
}

/** Resolves `Authorization: Bearer <token or key>` to a caller, or null. */
export async function resolveCaller(
  env: AppEnv['Bindings'],
  header: string | undefined,
): Promise<Caller | null> {
  const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (!token) return null
  // A weak token never authenticates: requireAuth closes the admin routes while it is configured.
  if (
    env.ADMIN_TOKEN &&
    !adminTokenWeakness(env.ADMIN_TOKEN) &&
    (await timingSafeEqualStrings(token, env.ADMIN_TOKEN))
  )
    return { kind: 'admin-token' }
  if (!apiKeyPrefix(token)) return null
  // The hash is the lookup key: equality on a SHA-256 digest of a random key leaks nothing useful.
  const row = await db(env.DB)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, await hashApiKey(token)), isNull(apiKeys.revokedAt)))
    .get()
  if (!row) return null
  return {
    kind: 'key',
    keyId: row.id,
    siteId: row.siteId,
    scopes: row.scopes as Scope[],
    lastUsedAt: row.lastUsedAt,
  }
}

/** Updates a key's last_used_at (auth/keys.ts) after the answer when the runtime allows, else now. */
export async function noteKeyUse(
  c: Pick<Context<AppEnv>, 'env' | 'executionCtx'>,
  caller: Extract<Caller, { kind: 'key' }>,
) {
  const touch = touchApiKey(c.env.DB, caller.keyId, caller.lastUsedAt, Date.now())
  if (!touch) return
  try {
    c.executionCtx.waitUntil(touch)
  } catch {
    await touch
  }
}

/**
 * Requires a caller with `scope`. On routes with a `:site` parameter, a key must belong to that site:
 * a key for site A never reads or writes site B. The admin token may act on any site. While the
 * configured ADMIN_TOKEN is weak, routes that need `admin` answer 503 to everyone, so the operator
 * learns why; read and write routes keep working with keys.
 */
export function requireAuth(scope: Scope) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const weak = scope === 'admin' ? adminTokenWeakness(c.env.ADMIN_TOKEN) : null
    if (weak) return deny(503, 'admin_token_weak', weak)
    const caller = await resolveCaller(c.env, c.req.header('authorization'))
    if (!caller) return deny(401, 'unauthorized', 'A valid API key or admin token is required')
    if (caller.kind === 'key') {
      if (!scopeAllows(caller.scopes, scope)) {
        return deny(403, 'forbidden', `This key lacks the "${scope}" scope`)
      }
      const site = c.req.param('site')
      if (site !== undefined && site !== caller.siteId) {
        return deny(403, 'forbidden', 'This key belongs to another site')
      }
      await noteKeyUse(c, caller)
    }
    // Per-key rate limit (the bootstrap token shares one bucket).
    if (await overLimit(c.env.API_LIMITER, caller.kind === 'key' ? `key:${caller.keyId}` : 'admin-token')) {
      const res = deny(429, 'rate_limited', 'Too many requests for this key; retry in a minute')
      res.headers.set('retry-after', '60')
      return res
    }
    c.set('caller', caller)
    await next()
  })
}
