/**
 * The wire format between the snippet and the worker, defined once.
 * The worker validates with these zod schemas; the snippet imports only the types
 * (`import type`), so none of this code ships to browsers.
 *
 * The envelope is validated first; events are validated one by one afterwards, so a
 * single bad event is rejected with a reason while the rest of its batch is accepted.
 */
import { z } from 'zod'

export const PROTOCOL_VERSION = 1

export const LIMITS = {
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: 64 * 1024,
  maxEventsPerEnvelope: 50,
  maxPropsPerEvent: 30,
  maxItemsPerEvent: 100,
  /** Strings longer than this are rejected outright; sanitize truncates shorter ones further. */
  maxStringLength: 8_000,
} as const

const str = z.string().max(LIMITS.maxStringLength)
const nonNegative = z.number().finite().nonnegative()
const scalar = z.union([z.string().max(LIMITS.maxStringLength), z.number().finite(), z.boolean(), z.null()])

/** Flat key → scalar map: nested objects and arrays are rejected, not flattened. */
export const propsSchema = z
  .record(z.string().min(1).max(100), scalar)
  .refine((p) => Object.keys(p).length <= LIMITS.maxPropsPerEvent, {
    message: `at most ${LIMITS.maxPropsPerEvent} props`,
  })

export const consentSchema = z.object({
  analytics: z.boolean(),
  marketing: z.boolean(),
  /** Consent record id, when the visitor made a choice (links events to the consent log). */
  id: z.string().max(64).optional(),
})

/** Client-made random ids (visitor, session): unguessable, URL-safe, 22–64 chars, e.g. crypto.randomUUID(). */
export const clientIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,64}$/, 'expected 22–64 chars of A-Z a-z 0-9 _ -')

/** What the browser says about automation; the worker counts such traffic as bots. */
export const hintsSchema = z.object({
  webdriver: z.boolean().optional(),
  headless: z.boolean().optional(),
})

export const envelopeSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  site: z.string().min(1).max(64),
  /** Random visitor id; only with analytics consent. */
  vid: clientIdSchema.optional(),
  /** Random session id; only with analytics consent. */
  sid: clientIdSchema.optional(),
  consent: consentSchema,
  /** Automation hints (navigator.webdriver, headless signals). */
  hints: hintsSchema.optional(),
  /** Validated per event below, so one bad event does not sink the batch. */
  events: z.array(z.unknown()).min(1).max(LIMITS.maxEventsPerEnvelope),
})

export const itemSchema = z.object({
  id: str.min(1),
  name: str.optional(),
  category: str.optional(),
  price: nonNegative.optional(),
  quantity: z.number().int().positive().max(1_000_000).optional(),
})

const base = {
  /** Client-made UUID: the server deduplicates on (site, id). */
  id: z.uuid(),
  /** Client time, ms since epoch. */
  ts: z.number().int().nonnegative(),
  /** Page URL the event happened on. */
  url: str.min(1),
}

const commerce = {
  items: z.array(itemSchema).max(LIMITS.maxItemsPerEvent).default([]),
  value: nonNegative.optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
}

export const pageviewSchema = z.object({
  ...base,
  type: z.literal('pageview'),
  title: str.nullish(),
  referrer: str.nullish(),
})

export const engagementSchema = z.object({
  ...base,
  type: z.literal('engagement'),
  /** Milliseconds the page was visible. */
  visible_ms: nonNegative,
  /** Deepest scroll, percent of the page. */
  scroll_pct: z.number().finite().min(0).max(100),
})

export const clickSchema = z.object({
  ...base,
  type: z.literal('click'),
  tag: str.max(32),
  text: str.nullish(),
  href: str.nullish(),
  kind: z.enum(['link', 'outbound', 'download', 'tagged', 'button']),
  /** `data-heed-event` name for tagged clicks. */
  name: str.max(200).optional(),
  props: propsSchema.optional(),
})

export const searchSchema = z.object({
  ...base,
  type: z.literal('search'),
  query: str.min(1),
  results: z.number().int().nonnegative().nullish(),
})

export const purchaseSchema = z.object({
  ...base,
  type: z.literal('purchase'),
  order_id: str.min(1).max(200),
  ...commerce,
  value: nonNegative,
})

export const commerceStepSchema = z.object({
  ...base,
  type: z.enum(['view_item', 'add_to_cart', 'begin_checkout']),
  ...commerce,
})

export const customSchema = z.object({
  ...base,
  type: z.literal('custom'),
  name: str.min(1).max(200),
  props: propsSchema.optional(),
})

export const identifySchema = z.object({
  ...base,
  type: z.literal('identify'),
  user_id: str.min(1).max(200),
  traits: propsSchema.optional(),
})

export const eventSchema = z.discriminatedUnion('type', [
  pageviewSchema,
  engagementSchema,
  clickSchema,
  searchSchema,
  purchaseSchema,
  commerceStepSchema,
  customSchema,
  identifySchema,
])

export const EVENT_TYPES = [
  'pageview',
  'engagement',
  'click',
  'search',
  'purchase',
  'view_item',
  'add_to_cart',
  'begin_checkout',
  'custom',
  'identify',
] as const

/** The answer to a valid envelope. */
export interface CollectResponse {
  accepted: number
  duplicates: number
  rejected: { id: string | null; reason: string }[]
}

/** The one error envelope, for every 4xx. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string }
}

// Types the snippet builds against (input types: defaults may be omitted).
export type Envelope = Omit<z.input<typeof envelopeSchema>, 'events'> & { events: WireEvent[] }
export type WireEvent = z.input<typeof eventSchema>
export type EventType = WireEvent['type']
export type Item = z.input<typeof itemSchema>
export type Props = z.input<typeof propsSchema>
export type ConsentFlags = z.input<typeof consentSchema>
export type Hints = z.input<typeof hintsSchema>
/** An event after validation (defaults applied). */
export type ParsedEvent = z.output<typeof eventSchema>
export type ParsedEnvelope = z.output<typeof envelopeSchema>
