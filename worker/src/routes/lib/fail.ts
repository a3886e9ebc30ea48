import type { Context } from 'hono'
import type { ErrorBody } from '../../protocol'

export type FailStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503

/**
 * The one error answer of the visitor-facing routes (/collect, /consent, /me, /v1):
 * `{ error: { code, message, path? } }` plus, for Segment's SDKs, `success: false` when asked.
 * A 429 or 503 names when to retry.
 */
export function fail(
  c: Context,
  status: FailStatus,
  code: string,
  message: string,
  opts: { path?: string; retryAfter?: number; segment?: boolean } = {},
) {
  if (opts.retryAfter !== undefined) c.header('Retry-After', String(opts.retryAfter))
  const error: ErrorBody['error'] =
    opts.path === undefined ? { code, message } : { code, message, path: opts.path }
  return c.json(opts.segment ? { success: false, error } : { error }, status)
}
