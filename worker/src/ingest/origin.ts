/**
 * Whether a request's Origin may post events for a site. Browsers always send Origin on a
 * cross-origin POST, so a foreign or opaque ("null") origin is refused; a request without Origin
 * comes from a server or a tool (which could forge any header anyway) and passes to the bot filter.
 */
export function originAllowed(origin: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === null || origin === undefined || origin === '') return true
  const normalized = origin.trim().toLowerCase().replace(/\/+$/, '')
  return allowedOrigins.some((o) => o.trim().toLowerCase().replace(/\/+$/, '') === normalized)
}
