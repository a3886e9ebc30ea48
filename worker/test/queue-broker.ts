/**
 * Test-only: Cloudflare Queues' delivery contract on a virtual clock, so a test can run the real
 * consumer through hours of retries, backoff and dead-lettering in seconds. Producers check the
 * platform's size limits; consumers get batches of up to max_batch_size visible messages; each
 * message is acked or retried on its own (explicit calls first, then ackAll/retryAll, then the
 * handler's outcome); a message that failed its delivery number 1 + max_retries moves to the
 * dead-letter queue, or is dropped when there is none. Settings come from wrangler.toml
 * (scripts/lib/queue-config.mjs). No runtime imports: bench/faults runs it in Node.
 */
import type { QueueConsumerConfig } from '../../scripts/lib/queue-config.mjs'

/** Queues' limits (developers.cloudflare.com/queues/platform/limits). */
export const QUEUE_LIMITS = { messageBytes: 128_000, batchMessages: 100, batchBytes: 256_000 }

interface Held {
  id: string
  body: unknown
  /** Deliveries so far. */
  attempts: number
  visibleAt: number
  timestamp: number
}

export interface QueueStats {
  sent: number
  deliveries: number
  /** Deliveries of a message that had been delivered before. */
  redeliveries: number
  /** Messages moved to the dead-letter queue after their last retry. */
  deadLettered: number
  /** Messages that failed their last retry on a queue without a dead-letter queue: lost. */
  dropped: number
  /** Invocations that died mid-batch (every message of theirs is delivered again). */
  killed: number
}

/** How one invocation of the consumer ended: normally (or by throwing), or killed mid-batch. */
export type Invocation = (batch: MessageBatch<unknown>) => Promise<'done' | 'killed'>

const encoder = new TextEncoder()
const bytes = (body: unknown) => encoder.encode(JSON.stringify(body)).length

export class QueueBroker {
  /** The virtual clock, ms. */
  now: number
  readonly stats = new Map<string, QueueStats>()
  private readonly held = new Map<string, Held[]>()
  private readonly configs: Map<string, QueueConsumerConfig>
  private nextId = 0

  constructor(configs: QueueConsumerConfig[], now: number) {
    this.now = now
    this.configs = new Map(configs.map((c) => [c.queue, c]))
    for (const c of configs) {
      this.held.set(c.queue, [])
      this.stats.set(c.queue, {
        sent: 0,
        deliveries: 0,
        redeliveries: 0,
        deadLettered: 0,
        dropped: 0,
        killed: 0,
      })
    }
  }

  /** The binding a worker sends with. */
  producer(queue: string): Queue<unknown> {
    const put = (body: unknown, delaySeconds = 0) => {
      if (bytes(body) > QUEUE_LIMITS.messageBytes) throw new Error('Queue send failed: message too large')
      this.enqueue(queue, body, delaySeconds)
    }
    return {
      send: async (body: unknown, options?: QueueSendOptions) => put(body, options?.delaySeconds),
      sendBatch: async (messages: Iterable<MessageSendRequest<unknown>>, options?: QueueSendBatchOptions) => {
        const list = [...messages]
        if (list.length > QUEUE_LIMITS.batchMessages)
          throw new Error('Queue sendBatch failed: too many messages')
        if (list.reduce((n, m) => n + bytes(m.body), 0) > QUEUE_LIMITS.batchBytes)
          throw new Error('Queue sendBatch failed: batch too large')
        for (const m of list) put(m.body, m.delaySeconds ?? options?.delaySeconds)
      },
    } as unknown as Queue<unknown>
  }

  /** Messages waiting in `queue` (visible or not). */
  pending(queue: string): number {
    return this.held.get(queue)?.length ?? 0
  }

  /** Delivers every message visible now, batch after batch, queue after queue, through `invoke`. */
  async deliver(invoke: Invocation) {
    for (const queue of this.held.keys()) {
      for (;;) {
        const batch = this.take(queue)
        if (batch.length === 0) break
        await this.run(queue, batch, invoke)
      }
    }
  }

  /** Delivers until every queue is empty, moving the clock to the next visible message each time. */
  async drain(invoke: Invocation, maxRounds = 100_000) {
    for (let round = 0; round < maxRounds; round++) {
      await this.deliver(invoke)
      const next = Math.min(...[...this.held.values()].flat().map((m) => m.visibleAt))
      if (!Number.isFinite(next)) return
      this.now = Math.max(this.now, next)
    }
    throw new Error('queues did not drain')
  }

  private enqueue(queue: string, body: unknown, delaySeconds: number) {
    const list = this.held.get(queue)
    if (!list) throw new Error(`Queue send failed: no queue ${queue}`)
    this.stats.get(queue)!.sent++
    list.push({
      id: `msg-${++this.nextId}`,
      // What the consumer gets is what JSON carries, as with contentType 'json'.
      body: JSON.parse(JSON.stringify(body)),
      attempts: 0,
      visibleAt: this.now + delaySeconds * 1000,
      timestamp: this.now,
    })
  }

  private take(queue: string): Held[] {
    const list = this.held.get(queue)!
    const visible = list
      .filter((m) => m.visibleAt <= this.now)
      .slice(0, this.configs.get(queue)!.maxBatchSize)
    const taken = new Set(visible)
    this.held.set(
      queue,
      list.filter((m) => !taken.has(m)),
    )
    return visible
  }

  private async run(queue: string, held: Held[], invoke: Invocation) {
    const stats = this.stats.get(queue)!
    type Decision = { ack: true } | { ack: false; delaySeconds: number }
    const explicit = new Map<Held, Decision>()
    let whole: Decision | null = null
    const decide = (m: Held, d: Decision) => {
      if (!explicit.has(m)) explicit.set(m, d)
    }
    for (const m of held) {
      m.attempts++
      stats.deliveries++
      if (m.attempts > 1) stats.redeliveries++
    }
    const messages = held.map((m) => ({
      id: m.id,
      timestamp: new Date(m.timestamp),
      body: m.body,
      attempts: m.attempts,
      ack: () => decide(m, { ack: true }),
      retry: (o?: QueueRetryOptions) => decide(m, { ack: false, delaySeconds: o?.delaySeconds ?? 0 }),
    }))
    const batch = {
      queue,
      messages,
      ackAll: () => {
        whole ??= { ack: true }
      },
      retryAll: (o?: QueueRetryOptions) => {
        whole ??= { ack: false, delaySeconds: o?.delaySeconds ?? 0 }
      },
    } as unknown as MessageBatch<unknown>
    let outcome: 'done' | 'killed' | 'threw'
    try {
      outcome = await invoke(batch)
    } catch {
      outcome = 'threw'
    }
    if (outcome === 'killed') stats.killed++
    for (const m of held) {
      const d: Decision =
        outcome === 'killed'
          ? { ack: false, delaySeconds: 0 }
          : (explicit.get(m) ??
            whole ??
            (outcome === 'threw' ? { ack: false, delaySeconds: 0 } : { ack: true }))
      if (d.ack) continue
      if (m.attempts <= this.configs.get(queue)!.maxRetries) {
        m.visibleAt = this.now + d.delaySeconds * 1000
        this.held.get(queue)!.push(m)
        continue
      }
      const dlq = this.configs.get(queue)!.deadLetterQueue
      if (dlq) {
        stats.deadLettered++
        this.enqueue(dlq, m.body, 0)
      } else stats.dropped++
    }
  }
}
