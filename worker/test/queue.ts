// Test-only: runs the real queue consumer on a batch of message bodies, as Cloudflare would deliver them.
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { handleQueue } from '../src/jobs/queue'

/** Delivers `bodies` as one batch of `queue` (first attempt) and returns what the consumer acked or retried. */
export async function consume(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({
      id: `m${i}-${crypto.randomUUID()}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  )
  const ctx = createExecutionContext()
  await handleQueue(batch, env, ctx)
  return getQueueResult(batch, ctx)
}
