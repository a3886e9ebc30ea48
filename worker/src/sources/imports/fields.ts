import { sanitizeItems } from '../../ingest/props'
import { safeText } from '../../ingest/scrub'
import { itemSchema } from '../../protocol'
import { normalizeEmail, normalizePhone } from '../identity/identifiers'
import type { Report } from './report'
import { DAY_MS } from '../../lib/time'
import { wallClockInstant } from '../../query/period'

/**
 * What an offline row may hold, per kind, and how a file's columns reach those fields: an explicit
 * mapping first, then the preset's usual column names, then a column named like the field itself.
 */
export const KINDS = ['purchase', 'store_visit', 'survey', 'call_note'] as const
export type Kind = (typeof KINDS)[number]

const COMMON = ['ts', 'user_id', 'email', 'phone', 'customer_id', 'store', 'key'] as const
const BY_KIND: Record<Kind, readonly string[]> = {
  purchase: [
    'order_id',
    'value',
    'currency',
    'items',
    'product_id',
    'product_name',
    'category',
    'quantity',
    'price',
  ],
  store_visit: ['visit_id', 'duration_s'],
  survey: ['response_id', 'answers'],
  call_note: ['call_id', 'duration_s', 'note', 'topic'],
}
/** The field whose value is the row's source key (dedup), per kind. */
const KEY_FIELD: Record<Kind, string> = {
  purchase: 'order_id',
  store_visit: 'visit_id',
  survey: 'response_id',
  call_note: 'call_id',
}
const REQUIRED: Record<Kind, readonly string[]> = {
  purchase: ['ts', 'order_id', 'value'],
  store_visit: ['ts'],
  survey: ['ts'],
  call_note: ['ts'],
}

/** Survey answers come from columns mapped to `answer:<question>`. */
const ANSWER = 'answer:'

export function keyFieldOf(kind: Kind): string {
  return KEY_FIELD[kind]
}

export function requiredFields(kind: Kind): readonly string[] {
  return REQUIRED[kind]
}

export function fieldsOf(kind: Kind): Set<string> {
  return new Set([...COMMON, ...BY_KIND[kind]])
}

/** Usual column names per field, for presets (compared after lower-casing, spaces and dashes → _). */
const SYNONYMS: Record<string, string[]> = {
  ts: ['ts', 'timestamp', 'date', 'datetime', 'time', 'created_at'],
  user_id: ['user_id', 'userid', 'user'],
  email: ['email', 'e_mail', 'email_address', 'mail'],
  phone: ['phone', 'phone_number', 'mobile', 'telephone'],
  customer_id: ['customer_id', 'customer', 'customer_number', 'customer_no', 'loyalty_id', 'member_id'],
  store: ['store', 'store_id', 'shop', 'location', 'branch'],
  order_id: ['order_id', 'order', 'order_number', 'receipt', 'receipt_id', 'transaction_id'],
  value: ['value', 'total', 'amount', 'revenue', 'order_total'],
  currency: ['currency', 'currency_code'],
  items: ['items', 'line_items'],
  product_id: ['product_id', 'sku', 'item_id', 'article'],
  product_name: ['product_name', 'product', 'item_name', 'article_name'],
  category: ['category', 'product_category'],
  quantity: ['quantity', 'qty', 'units'],
  price: ['price', 'unit_price'],
  visit_id: ['visit_id', 'visit'],
  duration_s: ['duration_s', 'duration', 'duration_seconds'],
  response_id: ['response_id', 'response', 'submission_id'],
  call_id: ['call_id', 'call', 'ticket_id'],
  note: ['note', 'notes', 'summary', 'comment'],
  topic: ['topic', 'subject', 'reason'],
}
const TS_SYNONYMS: Record<Kind, string[]> = {
  purchase: ['purchased_at', 'order_date', 'purchase_date'],
  store_visit: ['visited_at', 'visit_date', 'checked_in_at'],
  survey: ['answered_at', 'submitted_at', 'completed_at'],
  call_note: ['called_at', 'call_date', 'started_at'],
}

export const PRESETS = {
  store_purchases: 'purchase',
  store_visits: 'store_visit',
  survey_responses: 'survey',
  call_notes: 'call_note',
} as const satisfies Record<string, Kind>
export type Preset = keyof typeof PRESETS

const norm = (column: string) =>
  column
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/**
 * Resolves one column name to its target field: null = ignored on purpose (mapped to ""),
 * undefined = unknown.
 */
export function columnResolver(kind: Kind, usePreset: boolean, mapping: Record<string, string>) {
  const fields = fieldsOf(kind)
  const synonyms = new Map<string, string>()
  if (usePreset) {
    for (const [field, names] of Object.entries(SYNONYMS)) {
      if (!fields.has(field)) continue
      for (const n of names) if (!synonyms.has(n)) synonyms.set(n, field)
    }
    for (const n of TS_SYNONYMS[kind]) synonyms.set(n, 'ts')
  }
  return (column: string): string | null | undefined => {
    if (column in mapping) return mapping[column] === '' ? null : mapping[column]
    const n = norm(column)
    if (fields.has(n)) return n
    if (usePreset) {
      if (kind === 'survey' && (n.startsWith('q_') || n === 'nps' || n === 'rating')) return `${ANSWER}${n}`
      const field = synonyms.get(n)
      if (field) return field
    }
    return undefined
  }
}

/** Checks a mapping's targets before the file is read. Returns the bad targets. */
export function invalidTargets(kind: Kind, mapping: Record<string, string>): string[] {
  const fields = fieldsOf(kind)
  return Object.values(mapping).filter(
    (t) =>
      t !== '' && !fields.has(t) && !(kind === 'survey' && t.startsWith(ANSWER) && t.length > ANSWER.length),
  )
}

/** A validated row, before identifiers are hashed. */
export interface OfflineRow {
  row: number
  sourceKey: string | null
  ts: number
  ids: { user?: string; email?: string; phone?: string; customer?: string }
  store: string | null
  orderId: string | null
  value: number | null
  currency: string | null
  data: Record<string, unknown>
}

const NUMBER = /^-?\d+(\.\d+)?$/
const MIN_TS = Date.UTC(2000, 0, 1)

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim()
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  if (typeof v === 'boolean') return String(v)
  return null
}

function asNumber(v: unknown): number | 'bad' | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'bad'
  const t = asText(v)
  if (t === null) return typeof v === 'object' && v !== null ? 'bad' : null
  return NUMBER.test(t) ? Number(t) : 'bad'
}

/**
 * ISO dates, or epoch seconds / milliseconds. A date or time without an offset is a wall-clock time
 * in `timezone`, the site's: a shop's export says `2026-11-01` for its own 1 November.
 */
export function parseTs(v: unknown, timezone: string): number | 'bad' | null {
  const n = asNumber(v)
  if (typeof n === 'number') return n >= 1e12 ? Math.round(n) : Math.round(n * 1000)
  const t = asText(v)
  if (t === null) return null
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    t,
  )
  if (!m) return 'bad'
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[3] ?? 'Z'}`)
  if (Number.isNaN(ms)) return 'bad'
  return m[3] ? ms : wallClockInstant(ms, timezone)
}

export interface ValidateContext {
  kind: Kind
  defaultCurrency: string
  /** The site's IANA time zone: dates and times without an offset are read in it. */
  timezone: string
  now: number
  report: Report
}

/**
 * Validates one row whose keys are target fields (values as read: strings from CSV, any JSON from
 * NDJSON). `columns` maps a target field back to the column name for the report. Returns null when
 * the row has an error (each one reported).
 */
export function validateRow(
  ctx: ValidateContext,
  row: number,
  record: Record<string, unknown>,
  columns: Record<string, string>,
): OfflineRow | null {
  const { kind, report } = ctx
  const col = (field: string) => columns[field] ?? field
  let ok = true
  const fail = (field: string, reason: string, message: string) => {
    report.error(row, col(field), reason, message)
    ok = false
  }
  for (const field of REQUIRED[kind]) {
    if (asText(record[field]) === null && typeof record[field] !== 'number')
      fail(field, 'missing_required', `${field} is required`)
  }

  let ts = 0
  const parsedTs = parseTs(record.ts, ctx.timezone)
  if (parsedTs === 'bad')
    fail('ts', 'not_a_date', 'expected an ISO date (2026-03-01 or 2026-03-01T14:30:00Z) or epoch time')
  else if (typeof parsedTs === 'number') {
    if (parsedTs < MIN_TS || parsedTs > ctx.now + DAY_MS)
      fail('ts', 'date_out_of_range', 'date before 2000 or in the future')
    ts = parsedTs
  }

  const ids: OfflineRow['ids'] = {}
  const idText = (field: string, max = 200) => {
    const t = asText(record[field])
    if (t !== null && t.length > max) {
      fail(field, 'too_long', `at most ${max} characters`)
      return undefined
    }
    return t ?? undefined
  }
  const user = idText('user_id')
  if (user) ids.user = user
  const customer = idText('customer_id')
  if (customer) ids.customer = customer
  const email = idText('email', 320)
  if (email) {
    if (normalizeEmail(email)) ids.email = email
    else fail('email', 'invalid_email', 'not an e-mail address')
  }
  const phone = idText('phone', 40)
  if (phone) {
    if (normalizePhone(phone)) ids.phone = phone
    else fail('phone', 'invalid_phone', 'not a phone number (6–15 digits, optional +)')
  }

  const num = (field: string, opts: { integer?: boolean } = {}) => {
    const n = asNumber(record[field])
    if (n === 'bad') {
      fail(field, 'not_a_number', 'expected a number like 12.50')
      return null
    }
    if (n !== null && n < 0) {
      fail(field, 'negative', 'must not be negative')
      return null
    }
    if (n !== null && opts.integer && !Number.isInteger(n)) {
      fail(field, 'not_an_integer', 'expected a whole number')
      return null
    }
    return n
  }

  const data: Record<string, unknown> = {}
  let value: number | null = null
  let currency: string | null = null
  const orderId = idText('order_id')
  if (kind === 'purchase') {
    value = num('value')
    const c = asText(record.currency)
    if (c !== null && !/^[A-Za-z]{3}$/.test(c))
      fail('currency', 'invalid_currency', 'expected a 3-letter code like EUR')
    currency = (c ?? ctx.defaultCurrency).toUpperCase()
    const items = parseItems(record, fail, num)
    if (items) data.items = items
  }
  if (kind === 'store_visit' || kind === 'call_note') {
    const d = num('duration_s')
    if (d !== null) data.duration_s = d
  }
  if (kind === 'call_note') {
    const note = safeText(asText(record.note), 2000)
    if (note) data.note = note
    const topic = safeText(asText(record.topic), 200)
    if (topic) data.topic = topic
  }
  if (kind === 'survey') {
    const answers: Record<string, string | number> = {}
    const given = record.answers
    if (given !== undefined && (typeof given !== 'object' || given === null || Array.isArray(given)))
      fail('answers', 'not_an_object', 'answers must be an object of question → answer')
    const entries = [
      ...Object.entries(typeof given === 'object' && given && !Array.isArray(given) ? given : {}),
      ...Object.entries(record)
        .filter(([k]) => k.startsWith(ANSWER))
        .map(([k, v]) => [k.slice(ANSWER.length), v] as const),
    ]
    for (const [q, a] of entries) {
      if (typeof a === 'number' && Number.isFinite(a)) answers[q] = a
      else {
        const t = asText(a)
        if (t !== null) answers[q] = NUMBER.test(t) ? Number(t) : (safeText(t, 500) ?? '')
      }
    }
    data.answers = answers
  }

  const store = asText(record.store)
  if (!ok) return null
  return {
    row,
    sourceKey: asText(record[KEY_FIELD[kind]]) ?? asText(record.key),
    ts,
    ids,
    store: store ? safeText(store, 200) : null,
    orderId: orderId ?? null,
    value,
    currency,
    data,
  }
}

function parseItems(
  record: Record<string, unknown>,
  fail: (field: string, reason: string, message: string) => void,
  num: (field: string, opts?: { integer?: boolean }) => number | null,
) {
  if (record.items !== undefined && record.items !== '') {
    let raw = record.items
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw)
      } catch {
        fail('items', 'invalid_json', 'items must be a JSON array')
        return null
      }
    }
    const parsed = itemSchema.array().max(100).safeParse(raw)
    if (!parsed.success) {
      fail('items', 'invalid_items', 'items must be [{ id, name?, category?, price?, quantity? }]')
      return null
    }
    return sanitizeItems(parsed.data)
  }
  const id = asText(record.product_id)
  if (!id) return null
  const price = num('price')
  const quantity = num('quantity', { integer: true })
  return sanitizeItems([
    {
      id,
      name: asText(record.product_name) ?? undefined,
      category: asText(record.category) ?? undefined,
      price: price ?? undefined,
      quantity: quantity ?? undefined,
    },
  ])
}
