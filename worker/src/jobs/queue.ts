import type { Env } from '../env'
import { quarantineDeadLetters } from '../ingest/dead-letter'
import { storeBatch } from '../ingest/store'

/** D1 errors worth retrying at once: the database was busy or the connection dropped. */
export function isTransient(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err)
  return /overloaded|too many requests queued|network connection lost|reset because its code was updated|internal error|timed? ?out/i.test(
    message,
  )
}

/** Delay before the queue redelivers a failed batch: 10 s, 20 s, 40 s … capped at 10 min. */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1))
}

const IN_PLACE_RETRIES = [100, 400]

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await work()
    } catch (err) {
      const delay = IN_PLACE_RETRIES[i]
      if (delay === undefined || !isTransient(err)) throw err
      await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())))
    }
  }
}

/**
 * Routes a queue batch to its consumer by queue name: events → dedupe and store; the dead-letter
 * queue → quarantine. On failure the whole batch is retried with backoff (every insert is
 * idempotent); after max_retries the queue moves it to the dead-letter queue.
 */
export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext) {
  const bodies = batch.messages.map((m) => m.body)
  const deadLetters = batch.queue.endsWith('-dlq')
  try {
    const summary = await withRetries(() =>
      deadLetters
        ? quarantineDeadLetters(env.DB, bodies, Date.now())
        : storeBatch(env.DB, bodies, Date.now()),
    )
    batch.ackAll()
    console.log(JSON.stringify({ queue: batch.queue, messages: bodies.length, ...summary }))
  } catch (err) {
    const attempts = Math.min(...batch.messages.map((m) => m.attempts))
    console.error(
      JSON.stringify({
        queue: batch.queue,
        error: err instanceof Error ? err.message : String(err),
        attempts,
      }),
    )
    batch.retryAll({ delaySeconds: backoffSeconds(attempts) })
  }
}
