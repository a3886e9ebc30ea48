/** Test-only: call the marketer API through the whole worker (SELF), as a client would. */
import { SELF } from 'cloudflare:test'
import { env } from 'cloudflare:workers'

/** The admin token the worker tests run with (vitest.config.mts). */
export const ADMIN = env.ADMIN_TOKEN ?? ''

export async function call(
  path: string,
  opts: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.key) headers.authorization = `Bearer ${opts.key}`
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const res = await SELF.fetch(`https://heed.test/api/v1${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  let json: any = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {}
  return { status: res.status, headers: res.headers, json, text }
}
