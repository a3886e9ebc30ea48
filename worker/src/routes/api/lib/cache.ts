import type { Context } from 'hono'

/**
 * Answers an aggregate with an ETag (a hash of the body) and Cache-Control: 304 when the client
 * already has it. Periods that ended before today cannot change except by late events, so they
 * are cacheable longer than ones that include today.
 */
export async function cachedJson(c: Context, body: unknown, opts: { includesToday: boolean }) {
  const text = JSON.stringify(body)
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  const etag = `W/"${[...new Uint8Array(digest)]
    .slice(0, 12)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')}"`
  const headers = {
    etag,
    'cache-control': opts.includesToday ? 'private, max-age=60' : 'private, max-age=3600',
    vary: 'Authorization',
  }
  const inm = c.req.header('if-none-match')
  if (inm && inm.split(',').some((t) => t.trim() === etag)) return c.body(null, 304, headers)
  return c.body(text, 200, { ...headers, 'content-type': 'application/json' })
}
