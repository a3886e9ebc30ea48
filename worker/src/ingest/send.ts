import { MESSAGE_VERSION, type IngestMessage } from './row'

/** Queues accept 128 KB per message; stay below with room for metadata. */
export const MAX_MESSAGE_BYTES = 100_000
const encoder = new TextEncoder()

/**
 * Splits a message whose JSON would exceed the queue's limit (a 64 KiB body can grow with
 * enrichment and quarantine copies). Every part keeps the site and time.
 */
export function splitMessage(message: IngestMessage): IngestMessage[] {
  const json = JSON.stringify(message)
  // Characters bound bytes from below and 3× from above (UTF-16 → UTF-8): encode only when unsure.
  if (json.length * 3 <= MAX_MESSAGE_BYTES) return [message]
  const size = encoder.encode(json).length
  if (size <= MAX_MESSAGE_BYTES) return [message]
  const parts = Math.ceil(size / MAX_MESSAGE_BYTES) + 1
  const per = (n: number) => Math.max(1, Math.ceil(n / parts))
  const out: IngestMessage[] = []
  const empty = (): IngestMessage => ({ ...message, events: [], quarantine: [], bots: [] })
  for (let i = 0; i < message.events.length; i += per(message.events.length))
    out.push({ ...empty(), events: message.events.slice(i, i + per(message.events.length)) })
  for (let i = 0; i < message.quarantine.length; i += per(message.quarantine.length))
    out.push({ ...empty(), quarantine: message.quarantine.slice(i, i + per(message.quarantine.length)) })
  if (message.bots.length > 0) out.push({ ...empty(), bots: message.bots })
  return out
}

/**
 * Queues one request's rows and reports whether the queue took them. /collect answers 202 only
 * after this returned true: an accepted event is never only in memory.
 */
export async function sendIngestMessage(
  queue: Queue<unknown>,
  body: Omit<IngestMessage, 'v'>,
): Promise<boolean> {
  const message: IngestMessage = { v: MESSAGE_VERSION, ...body }
  if (message.events.length === 0 && message.quarantine.length === 0 && message.bots.length === 0) return true
  try {
    const parts = splitMessage(message)
    if (parts.length === 1) await queue.send(parts[0], { contentType: 'json' })
    else await queue.sendBatch(parts.map((p) => ({ body: p, contentType: 'json' as const })))
    return true
  } catch (err) {
    console.error('queue send failed', err instanceof Error ? err.message : String(err))
    return false
  }
}
