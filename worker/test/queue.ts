// Test-only: runs the real queue consumer on a batch of message bodies, as Cloudflare would deliver them.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { handleQueue } from '../src/jobs/queue'

/**
 * Delivers `bodies` as one batch of `queue` (as attempt `attempts`) and returns what the consumer
 * acked or retried, with the message ids in the order of `bodies`.
 */
export async function consume(queue: string, bodies: unknown[], attempts = 1) {
  const ids = bodies.map((_, i) => `m${i}-${crypto.randomUUID()}`)
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: ids[i]!, timestamp: new Date(), attempts, body })),
  )
  const ctx = createExecutionContext()
  await handleQueue(batch, env, ctx)
  return { ...(await getQueueResult(batch, ctx)), ids }
}
