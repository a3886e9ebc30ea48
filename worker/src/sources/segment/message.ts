import { z } from 'zod'

/**
 * Segment's HTTP Tracking API message (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/),
 * read leniently: unknown keys are ignored, as Segment does. Only what Heed maps is typed.
 */
const obj = z.record(z.string(), z.unknown())
const stamp = z.union([z.string(), z.number()]).optional()

export const segmentMessageSchema = z.object({
  type: z.enum(['track', 'page', 'screen', 'identify', 'alias', 'group']),
  messageId: z.string().min(1).max(200).optional(),
  anonymousId: z.union([z.string(), z.number()]).optional().nullable(),
  userId: z.union([z.string(), z.number()]).optional().nullable(),
  previousId: z.union([z.string(), z.number()]).optional().nullable(),
  groupId: z.union([z.string(), z.number()]).optional().nullable(),
  event: z.string().max(200).optional(),
  name: z.string().max(200).optional().nullable(),
  category: z.string().max(200).optional().nullable(),
  properties: obj.optional().nullable(),
  traits: obj.optional().nullable(),
  context: obj.optional().nullable(),
  timestamp: stamp,
  originalTimestamp: stamp,
  sentAt: stamp,
})
export type SegmentMessage = z.output<typeof segmentMessageSchema>

/**
 * Segment's limits: 32 KB per message, 500 KB per batch request. Heed adds a nesting limit for the
 * whole body (the body is level 1, a batch's message level 3): Segment's own payloads nest a few
 * levels, while 500 KB of brackets nest 250,000 deep, deeper than a recursive serialiser survives.
 */
export const SEGMENT_LIMITS = {
  maxMessageBytes: 32 * 1024,
  maxBatchBytes: 500 * 1024,
  maxDepth: 32,
} as const

/**
 * Where a parsed JSON value nests objects and arrays more than `maxDepth` levels deep: the first
 * three keys of the path (e.g. `batch.0.properties`), or null when it does not. Walks with its own
 * stack, so a value of any depth is measured without recursion.
 */
export function tooDeepAt(value: unknown, maxDepth: number): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 1, path: '' }]
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.value === null || typeof top.value !== 'object') continue
    if (top.depth > maxDepth) return top.path || '(body)'
    for (const [key, child] of Object.entries(top.value)) {
      if (child === null || typeof child !== 'object') continue
      const path = top.depth > 3 ? top.path : top.path ? `${top.path}.${key}` : key
      stack.push({ value: child, depth: top.depth + 1, path })
    }
  }
  return null
}

/** Milliseconds from an ISO string or a number, or null. */
export function toMillis(v: string | number | undefined): number | null {
  if (v === undefined) return null
  const ms = typeof v === 'number' ? v : Date.parse(v)
  return Number.isFinite(ms) ? ms : null
}

/**
 * Event time as Segment computes it: the client's timestamp corrected by the drift between the
 * client clock (sentAt) and the server's receive time — timestamp + (receivedAt − sentAt).
 */
export function eventTs(m: SegmentMessage, batchSentAt: number | null, receivedAt: number): number {
  const ts = toMillis(m.timestamp) ?? toMillis(m.originalTimestamp)
  if (ts === null) return receivedAt
  const sentAt = toMillis(m.sentAt) ?? batchSentAt
  const corrected = sentAt === null ? ts : ts + (receivedAt - sentAt)
  return Math.max(0, Math.round(corrected))
}

/**
 * messageId → Heed event id: a UUID (version 8, RFC 9562) made from SHA-256 of site and messageId,
 * so a retried Segment message lands on the same (site, id) primary key and is stored once.
 */
export async function eventIdOf(siteId: string, messageId: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`segment\n${siteId}\n${messageId}`)),
  )
  const b = digest.slice(0, 16)
  b[6] = (b[6]! & 0x0f) | 0x80
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
