// Test-only: drive a rate-limit binding until it refuses.
import { expect } from 'vitest'

/**
 * Sends requests `concurrency` at a time until one answers 429 and returns that answer. Every other
 * answer must have status `ok`. The local limiter counts in fixed 60 s windows, so a run that
 * straddles a window boundary may pass up to 2 × `limit` before the first 429, never fewer than `limit`.
 */
export async function untilRateLimited(
  send: (i: number) => Promise<Response>,
  limit: number,
  ok: number,
  concurrency = 50,
): Promise<Response> {
  let passed = 0
  let sent = 0
  let limited: Response | undefined
  while (!limited && passed <= 2 * limit + concurrency) {
    const answers = await Promise.all(Array.from({ length: concurrency }, () => send(sent++)))
    for (const res of answers) {
      if (res.status === 429 && !limited) {
        limited = res
        continue
      }
      if (res.status !== 429) {
        expect(res.status).toBe(ok)
        passed++
      }
      await res.arrayBuffer()
    }
  }
  expect(passed).toBeGreaterThanOrEqual(limit)
  expect(passed).toBeLessThanOrEqual(2 * limit)
  expect(limited?.headers.get('retry-after')).toBe('60')
  return limited!
}
