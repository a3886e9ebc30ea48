import type { ParsedEvent } from '../protocol'
import { cleanText, isSensitiveKey, PLACEHOLDER, safeText, scrubText, truncate } from './scrub'

export const MAX_PROP_VALUE_LENGTH = 500
const MAX_PROP_KEY_LENGTH = 100

type Scalar = string | number | boolean | null

/**
 * Scrubbed copy of a flat props map: the value of a sensitive-looking key becomes [redacted] whatever
 * its type (a phone number sent as a number is still a phone number), string values lose personal
 * data and are cut to 500 chars, keys are scrubbed like text. `traits` describe a person, so there a
 * bare `name` is the person's name. Object.fromEntries keeps a "__proto__" key an ordinary own property.
 */
export function sanitizeProps(
  props: Record<string, Scalar> | undefined,
  opts: { traits?: boolean } = {},
): Record<string, Scalar> | undefined {
  if (!props) return undefined
  const out: [string, Scalar][] = []
  for (const [rawKey, value] of Object.entries(props)) {
    const key = scrubText(rawKey, MAX_PROP_KEY_LENGTH)
    if (value !== null && isSensitiveKey(rawKey, opts)) out.push([key, PLACEHOLDER.redacted])
    else if (typeof value === 'string') out.push([key, safeText(value, MAX_PROP_VALUE_LENGTH) ?? ''])
    else out.push([key, value])
  }
  return Object.fromEntries(out)
}

type Items = Extract<ParsedEvent, { type: 'purchase' }>['items']

export function sanitizeItems(items: Items) {
  return items.map((i) => ({
    id: truncate(cleanText(i.id), 200),
    name: safeText(i.name, 200),
    category: safeText(i.category, 200),
    price: i.price ?? null,
    quantity: i.quantity ?? null,
  }))
}

export type CleanItem = ReturnType<typeof sanitizeItems>[number]
