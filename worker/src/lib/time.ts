/** Milliseconds in a day of 24 hours (UTC arithmetic; local days come from query/period.ts). */
export const DAY_MS = 86_400_000
/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000
