/** Shortest ADMIN_TOKEN the admin API takes: 32 random characters are beyond guessing. */
export const MIN_ADMIN_TOKEN_LENGTH = 32

/**
 * Why a configured ADMIN_TOKEN is refused, or null. A short one (like `change-me` from
 * .dev.vars.example) is refused; an unset one is not, since the admin API then takes only the
 * admin keys of sites. Plain TypeScript without imports: scripts/lib/local.mjs uses it in Node.
 */
export function adminTokenWeakness(token: string | undefined): string | null {
  if (!token || token.length >= MIN_ADMIN_TOKEN_LENGTH) return null
  return `ADMIN_TOKEN has ${token.length} characters; the admin API needs at least ${MIN_ADMIN_TOKEN_LENGTH} (e.g. openssl rand -hex 24)`
}
