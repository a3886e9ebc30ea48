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
  /**
   * The browser's opt-out signal capped marketing: GPC (`navigator.globalPrivacyControl`, also when no
   * `Sec-GPC` header came with the request), or DNT on a site that chose to respect it. Treated like `Sec-GPC: 1`.
   */
  gpc: z.boolean().optional(),
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

/**
 * Numbers a page wrote as strings (`"12.50"` in a dataLayer) are read as numbers; anything else is
 * left for the schema to judge.
 */
const numeric = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(+v) ? +v : v), schema)

const nonNegativeInput = numeric(nonNegative)

/**
 * GA4's item fields, accepted as they are so the snippet can forward a dataLayer's items untouched.
 * Fields Heed has no use for (coupon, affiliation, …) are not kept.
 */
const GA4_ITEM: Record<string, string> = { item_id: 'id', item_name: 'name', item_category: 'category' }

export const itemSchema = z.preprocess(
  (i) => {
    if (!i || typeof i !== 'object' || Array.isArray(i)) return i
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(i)) out[GA4_ITEM[k] ?? k] ??= v
    // GA4 requires item_id or item_name: a name alone identifies the item. Ids are often numbers.
    out.id ??= out.name
    if (typeof out.id === 'number') out.id = String(out.id)
    return out
  },
  z.object({
    id: str.min(1),
    name: str.optional(),
    category: str.optional(),
    price: nonNegativeInput.optional(),
    quantity: numeric(z.number().int().positive().max(1_000_000)).optional(),
  }),
)

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
  value: nonNegativeInput.optional(),
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
  /** GA4's transaction_id (the snippet sends it here); a number is read as text (see eventSchema). */
  order_id: str.min(1).max(200),
  ...commerce,
})

/**
 * Money going back for an order: with items, those items (a partial refund); with neither items
 * nor value, the whole order. It lowers revenue on the day it happens.
 */
export const refundSchema = z.object({
  ...base,
  type: z.literal('refund'),
  order_id: str.min(1).max(200),
  ...commerce,
})

/** The shopping steps before a purchase, GA4's names. */
const COMMERCE_STEPS = [
  'view_item_list',
  'select_item',
  'view_item',
  'add_to_cart',
  'remove_from_cart',
  'begin_checkout',
] as const

export const commerceStepSchema = z.object({
  ...base,
  type: z.enum(COMMERCE_STEPS),
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

const eventUnion = z.discriminatedUnion('type', [
  pageviewSchema,
  engagementSchema,
  clickSchema,
  searchSchema,
  purchaseSchema,
  refundSchema,
  commerceStepSchema,
  customSchema,
  identifySchema,
])

/** The sum of price × quantity (1 when absent), GA4's reading of an order without a value. */
const itemsTotal = (items: { price?: number; quantity?: number }[]): number =>
  Math.round(items.reduce((s, i) => s + (i.price ?? 0) * (i.quantity ?? 1), 0) * 100) / 100

/**
 * One event. A purchase without a value is worth its items, and so is a refund of items; a refund
 * with neither is of the whole order, its value read from the order when stats are counted. An
 * order id given as a number (GA4 allows it) is read as text.
 */
export const eventSchema = z.preprocess(
  (e) =>
    typeof (e as { order_id?: unknown } | null)?.order_id === 'number'
      ? { ...(e as object), order_id: String((e as { order_id: number }).order_id) }
      : e,
  eventUnion.transform((e) =>
    e.type === 'purchase' || (e.type === 'refund' && e.items.length > 0)
      ? { ...e, value: e.value ?? itemsTotal(e.items) }
      : e,
  ),
)

export const EVENT_TYPES = [
  'pageview',
  'engagement',
  'click',
  'search',
  'purchase',
  'refund',
  ...COMMERCE_STEPS,
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
export type WireEvent = z.input<typeof eventUnion>
export type Item = z.input<typeof itemSchema>
export type Props = z.input<typeof propsSchema>
/** An event after validation (defaults applied). */
export type ParsedEvent = z.output<typeof eventSchema>
export type ParsedEnvelope = z.output<typeof envelopeSchema>
