/** Bindings and vars the worker receives; mirrors wrangler.toml and .dev.vars.example. */
export interface Env {
  DB: D1Database
  EVENTS: Queue<unknown>
  EVENTS_DLQ: Queue<unknown>
  ASSETS: Fetcher
  COLLECT_LIMITER?: RateLimit
  API_LIMITER?: RateLimit
  /** Questions to POST /privacy/{site}/ask per site and client address. */
  PRIVACY_LIMITER?: RateLimit
  /** /consent and /me/*, per client address. */
  VISITOR_LIMITER?: RateLimit
  /** The Segment-compatible /v1, per key. */
  SEGMENT_LIMITER?: RateLimit
  /** Comma-separated origins allowed to call the marketer API from a browser (besides each site's own). */
  API_ORIGINS?: string
  AI?: Ai
  HEED_VERSION: string
  ADMIN_TOKEN?: string
  AI_PROVIDER?: string
  AI_BASE_URL?: string
  AI_MODEL?: string
  AI_API_KEY?: string
  ENCRYPTION_KEY?: string
  ENCRYPTION_KEYS_OLD?: string
  PROFILE_MAX_VISITORS?: string
  PROFILE_MAX_TOKENS?: string
}

/** Hono context typing shared by every route and middleware. */
export type AppEnv = { Bindings: Env }
