/**
 * One delivery of a queue batch, for both queues: events → dedupe and store (store.ts); the
 * dead-letter queue → dead_letters (dead-letter.ts). Each message is acked or retried on its own:
 * - a write D1 refuses for a reason a retry will not fix (a poison message) splits the batch in
 *   halves, down to single messages, so the poison message fails alone (and after the queue's
 *   retries goes to the dead-letter queue alone) while every other message is stored;
 * - a transient error (D1 busy, connection lost) is retried in place twice; if it persists the
 *   group is retried by the queue with backoff. Splitting would only multiply writes against a
 *   database that is down.
 * Every write is idempotent (store.ts), so retrying a write that had in fact committed is harmless.
 */
import { storeDeadLetters } from './dead-letter'
import { storeBatch } from './store'

/** D1 errors worth retrying at once: the database was busy or the connection dropped. */
export function isTransient(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err)
  return /overloaded|too many requests queued|network connection lost|reset because its code was updated|internal error|timed? ?out/i.test(
    message,
  )
}

/** Delay before the queue redelivers a failed message: 10 s, 20 s, 40 s … capped at 10 min. */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1))
}

const IN_PLACE_RETRIES_MS = [100, 400]

export interface ConsumeOptions {
  /** How to wait between in-place retries (a test on a virtual clock passes its own). */
  sleep?: (ms: number) => Promise<void>
}

export interface ConsumeSummary {
  queue: string
  messages: number
  /** Messages left for the queue to retry. */
  retried: number
  /** The store's counts summed over the writes that succeeded. */
  stored: Record<string, number>
  /** The error of each group of messages that failed, for the log. */
  errors: { messages: number; attempts: number; error: string }[]
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export async function consumeBatch(
  batch: MessageBatch<unknown>,
  d1: D1Database,
  now: number,
  options: ConsumeOptions = {},
): Promise<ConsumeSummary> {
  const sleep = options.sleep ?? realSleep
  const write = batch.queue.endsWith('-dlq')
    ? (bodies: unknown[]) => storeDeadLetters(d1, bodies, now)
    : (bodies: unknown[]) => storeBatch(d1, bodies, now)
  const summary: ConsumeSummary = {
    queue: batch.queue,
    messages: batch.messages.length,
    retried: 0,
    stored: {},
    errors: [],
  }
  const failed = new Set<Message<unknown>>()

  const attempt = async (group: readonly Message<unknown>[]) => {
    for (let i = 0; ; i++) {
      try {
        return await write(group.map((m) => m.body))
      } catch (err) {
        const delay = IN_PLACE_RETRIES_MS[i]
        if (delay === undefined || !isTransient(err)) throw err
        await sleep(delay * (0.5 + Math.random()))
      }
    }
  }
  const store = async (group: readonly Message<unknown>[]): Promise<void> => {
    try {
      const counts = await attempt(group)
      for (const [k, v] of Object.entries(counts)) summary.stored[k] = (summary.stored[k] ?? 0) + Number(v)
    } catch (err) {
      if (group.length > 1 && !isTransient(err)) {
        const half = Math.ceil(group.length / 2)
        await store(group.slice(0, half))
        await store(group.slice(half))
        return
      }
      for (const m of group) failed.add(m)
      summary.errors.push({
        messages: group.length,
        attempts: Math.min(...group.map((m) => m.attempts)),
        error: err instanceof Error ? err.message : String(err),
      })
    }
  }
  await store(batch.messages)

  summary.retried = failed.size
  if (failed.size === 0) batch.ackAll()
  else
    for (const m of batch.messages) {
      // Each message backs off by its own attempts: a new message in the batch must not shorten
      // the wait of one that has failed many times (and so use up its retries within minutes).
      if (failed.has(m)) m.retry({ delaySeconds: backoffSeconds(m.attempts) })
      else m.ack()
    }
  return summary
}
