import type { ParsedEvent } from '../protocol'
import { isSensitiveKey, PLACEHOLDER, safeId, safeText, scrubText } from './scrub'

export const MAX_PROP_VALUE_LENGTH = 500
const MAX_PROP_KEY_LENGTH = 100
const MAX_ITEM_FIELD_LENGTH = 200

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

/** Item ids lose what scrubId finds (an e-mail address, a JWT); names and categories are scrubbed as text. */
export function sanitizeItems(items: Items) {
  return items.map((i) => ({
    id: safeId(i.id, MAX_ITEM_FIELD_LENGTH),
    name: safeText(i.name, MAX_ITEM_FIELD_LENGTH),
    category: safeText(i.category, MAX_ITEM_FIELD_LENGTH),
    price: i.price ?? null,
    quantity: i.quantity ?? null,
  }))
}

export type CleanItem = ReturnType<typeof sanitizeItems>[number]
