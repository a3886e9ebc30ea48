// The queue consumers of wrangler.toml as plain values: what tests and benches that stand in for
// Cloudflare Queues deliver by (batch size, retries, dead-letter queue). wrangler.toml stays the one
// place these are set.

/** Cloudflare's defaults for a consumer that leaves a setting out. */
const DEFAULTS = { maxBatchSize: 10, maxRetries: 3, deadLetterQueue: null }

const KEYS = {
  max_batch_size: 'maxBatchSize',
  max_retries: 'maxRetries',
  dead_letter_queue: 'deadLetterQueue',
}

/**
 * Every `[[queues.consumers]]` table of a wrangler.toml text: `{ queue, maxBatchSize, maxRetries,
 * deadLetterQueue }`. Reads only `key = "string"` and `key = number` lines, all these tables use.
 */
export function queueConsumers(toml) {
  const consumers = []
  let current = null
  for (const raw of toml.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').trim()
    if (line.startsWith('[')) {
      current = line === '[[queues.consumers]]' ? { queue: null, ...DEFAULTS } : null
      if (current) consumers.push(current)
      continue
    }
    const m = current && line.match(/^(\w+)\s*=\s*(?:"([^"]*)"|(\d+))$/)
    if (!m) continue
    const value = m[2] ?? Number(m[3])
    if (m[1] === 'queue') current.queue = value
    else if (KEYS[m[1]]) current[KEYS[m[1]]] = value
  }
  return consumers
}
