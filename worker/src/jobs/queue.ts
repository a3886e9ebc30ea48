import type { Env } from '../env'
import { consumeBatch } from '../ingest/consume'

/**
 * The queue consumer for both queues (events → store; the dead-letter queue → dead_letters): the
 * work, including which messages are acked and which retried, is in ingest/consume.ts. It logs
 * one line per batch, and one per group of messages that failed.
 */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext) {
  const { errors, stored, ...counts } = await consumeBatch(batch, env.DB, Date.now())
  for (const e of errors) console.error(JSON.stringify({ queue: batch.queue, ...e }))
  console.log(JSON.stringify({ ...counts, ...stored }))
}
