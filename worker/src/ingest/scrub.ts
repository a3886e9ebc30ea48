/**
 * Text hygiene for every string that reaches storage: personal data replaced by placeholders,
 * control characters and lone surrogates removed, NFC, bounded length.
 *
 * Every pattern runs in time linear in its input, since a hostile page may send 64 KB strings: a
 * pattern whose runs may be long starts only where such a run starts (a lookbehind), so each run is
 * scanned once rather than again from each of its positions; the others are bounded per start.
 */

// "eyJ" (base64 of '{"') and three dot-separated base64url segments, or two at the end of text cut
// inside a long token (see cutForScrub). The first segment ends before another "-eyJ": otherwise
// "eyJ-eyJ-eyJ…" would rescan the rest of the string from every "eyJ" (quadratic). A JWT header is
// base64 of JSON and has no "-eyJ" inside, so no real JWT is cut short.
const JWT = /\beyJ(?:[A-Za-z0-9_]|-(?!eyJ)){4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]{4,}|$)/g
// Long unbroken alphanumeric runs (API keys, session tokens, reset codes); slugs and UUIDs have separators.
const OPAQUE_RUN = /(?<![A-Za-z0-9])[A-Za-z0-9]{24,}/g
const LONG_RUN = /(?<![A-Za-z0-9])[A-Za-z0-9]{24}/
// The local part starts where its run of allowed characters starts. Labels exclude the dots that
// separate them, so a domain can be split only one way.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}/g
// 13–19 digits, optionally grouped by spaces or dashes: a card number when the Luhn check passes.
// Not glued to letters or hyphens: inside a UUID ("…-8a51-00000000003c") a digit run is part of an id.
const CARD_CANDIDATE = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g
// 9–15 digits with phone punctuation, optionally starting with +, 00 or (.
const PHONE = /(?<![\w+-])(?:\+|00|\()?\d(?:[ .()-]{0,2}\d){8,14}(?![\w-])/g
// A whole identifier that is a phone number in international notation.
const INTERNATIONAL_PHONE = /^\+\d(?:[ .()-]{0,2}\d){8,14}$/
// Runs glued to letters or hyphens are parts of ids (UUID groups), not numbers about a person.
const DIGIT_RUN = /(?<![\w-])\d{9,}(?![\w-])/g

export const PLACEHOLDER = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  number: '[number]',
  token: '[token]',
  redacted: '[redacted]',
} as const

// Secrets and contact details, anywhere in a name ("userEmail", "x-api-key", "card_number").
const SECRET_OR_CONTACT =
  /pass(word|wd)?|pwd|secret|token|auth|api[-_]?key|session|e-?mail|phone|ssn|card|cvv|iban/i
// A person's name, address or birth date, as whole words of the name (see nameWords): "first_name",
// "lastName", "billingAddress", "zip", "postcode"; not "product_name" or "page_name".
const PERSONAL_WORDS =
  /(?:^|_)(?:(?:first|last|full|given|family|middle|maiden|sur|nick|user|customer|contact|billing|shipping|recipient|holder|legal|display|real)_?name|address(?:_?line)?_?\d*|addr|street(?:_?name)?|house_?(?:number|no|nr)|zip(?:_?code)?|post(?:al)?_?code|birth_?(?:day|date)|date_of_birth|dob)(?:_|$)/
// Numbers that are contact details though the name says only the medium ("mobile": 4917012345678).
const CONTACT_MEDIUM = /^(?:mobile|cell|fax|tel)(?:_?(?:number|no|nr))?$/

/** "billingAddress", "Billing-Address" and "billing address" → "billing_address". */
function nameWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
}

/**
 * Whether a prop, trait or parameter name marks its value as a secret or personal data whatever the
 * value looks like: its value is then redacted, numbers and booleans included. In `traits`, which
 * describe the person, a bare `name` is the person's name too.
 */
export function isSensitiveKey(name: string, opts: { traits?: boolean } = {}): boolean {
  const key = name.slice(0, 100)
  if (SECRET_OR_CONTACT.test(key)) return true
  const words = nameWords(key)
  return (
    PERSONAL_WORDS.test(words) || CONTACT_MEDIUM.test(words) || (opts.traits === true && words === 'name')
  )
}

export function luhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

const HAS_DIGIT = /\d/
const HAS_LETTER = /[A-Za-z]/

/** JWTs and e-mail addresses: personal data whatever the text around them is. */
function scrubTokensAndAddresses(text: string): string {
  let s = text
  if (s.includes('eyJ')) s = s.replace(JWT, PLACEHOLDER.token)
  if (s.includes('@') || s.includes('%40')) s = s.replace(EMAIL, PLACEHOLDER.email)
  return s
}

/** Replaces e-mail addresses, phone and card numbers, long digit runs and tokens with placeholders. */
export function scrubPii(text: string): string {
  // Each pattern runs only when its tell-tale is present: most titles and paths have none.
  let s = scrubTokensAndAddresses(text)
  if (LONG_RUN.test(s))
    s = s.replace(OPAQUE_RUN, (m) => (HAS_DIGIT.test(m) && HAS_LETTER.test(m) ? PLACEHOLDER.token : m))
  if (HAS_DIGIT.test(s)) {
    s = s
      .replace(CARD_CANDIDATE, (m) => (luhn(m.replace(/[ -]/g, '')) ? PLACEHOLDER.card : m))
      .replace(PHONE, (m) => (countDigits(m) >= 9 ? PLACEHOLDER.phone : m))
      .replace(DIGIT_RUN, PLACEHOLDER.number)
  }
  return s
}

/**
 * Personal data inside an identifier (an order, item or user id): e-mail addresses, JWTs, and an id
 * that is a phone number in international notation. The digit and token patterns of scrubPii are
 * left out: order numbers, EANs and database ids are long digit or alphanumeric runs by nature, and
 * replacing them would merge distinct orders and items.
 */
export function scrubId(id: string): string {
  const s = scrubTokensAndAddresses(id)
  return INTERNATIONAL_PHONE.test(s) ? PLACEHOLDER.phone : s
}

function countDigits(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) n++
  }
  return n
}

// C0 and C1 controls and DEL; tabs and newlines become spaces so words stay apart.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_CLEANING = /[\u0000-\u001F\u007F-\u009F\uD800-\uDFFF]/

/** Strips control characters and lone surrogates, NFC-normalizes. */
export function cleanText(text: string): string {
  let s = text
  if (NEEDS_CLEANING.test(s)) s = s.replace(CONTROL, ' ').replace(LONE_SURROGATE, '')
  // normalize() is cheap on ASCII but not free; skip it when there is nothing to compose.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII range check
  if (!/^[\x00-\x7F]*$/.test(s)) s = s.normalize('NFC')
  return s
}

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return text.slice(0, end)
}

/**
 * How far past the kept length text is still cleaned and scrubbed: an address or number that starts
 * before the cut is then replaced whole, and no placeholder is cut into a fragment of the original.
 */
export const SCRUB_MARGIN = 1_024

// Characters personal data is made of besides spaces: letters, digits and . _ % + @ ( ) -
function inWord(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 64 ||
    c === 40 ||
    c === 41 ||
    c === 45
  )
}

/**
 * The part of `text` worth cleaning and scrubbing when at most `max` units of it are kept: all of a
 * short text; of a longer one, `max + SCRUB_MARGIN` units. Half an address would no longer match its
 * pattern, and placeholders earlier in the text can pull it into what is kept: so the word the cut
 * goes through is dropped. A word that began before `max` is longer than the margin, a blob rather
 * than an address: what is kept of it is only its start, which the token, digit and JWT patterns
 * still recognize.
 */
function cutForScrub(text: string, max: number): string {
  const limit = max + SCRUB_MARGIN
  if (text.length <= limit) return text
  let start = limit
  if (inWord(text.charCodeAt(limit))) while (start > 0 && inWord(text.charCodeAt(start - 1))) start--
  return text.slice(0, start >= max ? start : limit)
}

/** The treatment for text kept as it is: cut, clean, scrub, cut to `max`. */
export function scrubText(text: string, max: number): string {
  return truncate(scrubPii(cleanText(cutForScrub(text, max))), max)
}

/** The whole treatment for free text: cut, clean, scrub, trim, cut to `max`; empty becomes null. */
export function safeText(text: string | null | undefined, max: number): string | null {
  if (text == null) return null
  const s = truncate(scrubPii(cleanText(cutForScrub(text, max))).trim(), max)
  return s === '' ? null : s
}

/** An identifier cut to `max` units, cleaned, with the personal data scrubId finds replaced. */
export function safeId(id: string, max: number): string {
  return truncate(scrubId(cleanText(cutForScrub(id, max))), max)
}
