import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { queueConsumers } from './queue-config.mjs'

describe('queueConsumers', () => {
  it('reads each consumer table, with Cloudflare defaults for what it leaves out', () => {
    const toml = `
[[queues.producers]]
binding = "EVENTS"
queue = "a"

[[queues.consumers]]
queue = "a" # the main queue
max_batch_size = 50
max_retries = 7
dead_letter_queue = "a-dlq"

[[queues.consumers]]
queue = "a-dlq"

[vars]
max_retries = 99
`
    expect(queueConsumers(toml)).toEqual([
      { queue: 'a', maxBatchSize: 50, maxRetries: 7, deadLetterQueue: 'a-dlq' },
      { queue: 'a-dlq', maxBatchSize: 10, maxRetries: 3, deadLetterQueue: null },
    ])
  })

  it("finds the project's events queue and its dead-letter queue", () => {
    const consumers = queueConsumers(readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8'))
    const events = consumers.find((c) => c.queue === 'heed-events')
    expect(events?.deadLetterQueue).toBe('heed-events-dlq')
    expect(consumers.map((c) => c.queue)).toContain('heed-events-dlq')
  })
})
