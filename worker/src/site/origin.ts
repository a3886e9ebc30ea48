/**
 * Whether a request's Origin may post events for a site. Browsers always send Origin on a
 * cross-origin POST, so a foreign or opaque ("null") origin is refused; a request without Origin
 * comes from a server or a tool (which could forge any header anyway) and passes to the bot filter.
 */
export function originAllowed(origin: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === null || origin === undefined || origin === '') return true
  const normalized = normalizeOrigin(origin)
  return allowedOrigins.some((o) => normalizeOrigin(o) === normalized)
}

/**
 * Trimmed, lower-cased, without trailing slashes. A loop rather than `/\/+$/`, which V8 runs in
 * linear time only where it optimizes the anchor (workerd's does, Node 22's retries from every slash
 * of a long run), so a hostile header cannot cost quadratic time on any engine.
 */
function normalizeOrigin(origin: string): string {
  const s = origin.trim().toLowerCase()
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--
  return s.slice(0, end)
}

/** Whether any site lists this origin (CORS preflight without a ?site= hint). */
export async function originIsAllowedAnywhere(d1: D1Database, origin: string) {
  const row = await d1
    .prepare('SELECT 1 AS ok FROM sites, json_each(sites.allowed_origins) AS o WHERE o.value = ? LIMIT 1')
    .bind(origin)
    .first<{ ok: number }>()
  return row !== null
}
