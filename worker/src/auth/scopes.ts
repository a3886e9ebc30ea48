/**
 * What a site key may do. Reading, writing through the API and sending events are separate powers,
 * so a key that has to live where others can find it (a Segment write key in an app or a tag
 * manager) sends events and reads nothing.
 * - `read`: every read of the site's data (stats, profiles, exports, visitors, persons);
 * - `write`: writes through the API (imports, undoing a merge) and events on /v1; no reads;
 * - `ingest`: events on /v1 and nothing else;
 * - `admin`: everything on its site, including keys and profiling runs.
 */
export const SCOPES = ['read', 'write', 'ingest', 'admin'] as const

export type Scope = (typeof SCOPES)[number]

/** The scopes a key holding the key's scope acts with. */
const GRANTS: Record<Scope, readonly Scope[]> = {
  read: ['read'],
  write: ['write', 'ingest'],
  ingest: ['ingest'],
  admin: SCOPES,
}

/** Whether a key holding `held` (as stored; unknown names grant nothing) may act with `needed`. */
export function scopeAllows(held: readonly string[], needed: Scope): boolean {
  return held.some((s) => (GRANTS[s as Scope] ?? []).includes(needed))
}
