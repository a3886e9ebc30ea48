import type { Env } from '../env'

/** Routes a queue batch to its consumer by queue name. */
export async function handleQueue(batch: MessageBatch<unknown>, _env: Env, _ctx: ExecutionContext) {
  // Filled in by the ingestion pipeline (issue 3): events → dedupe and store; DLQ → quarantine.
  for (const message of batch.messages) message.retry()
}
