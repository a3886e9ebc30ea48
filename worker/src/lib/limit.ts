/**
 * Whether a request is over a rate-limit binding's limit under any of `keys` (checked in order,
 * stopping at the first that is over). No binding, no limit: the bindings are optional in Env.
 * Cloudflare's limiter is approximate and counts per location.
 */
export async function overLimit(limiter: RateLimit | undefined, ...keys: string[]): Promise<boolean> {
  if (!limiter) return false
  for (const key of keys) if (!(await limiter.limit({ key })).success) return true
  return false
}
