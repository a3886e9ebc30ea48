/**
 * Safety checks around the model: visitor text is scrubbed before it enters a prompt, and model
 * output is checked afterwards for special-category traits (GDPR Art. 9) and for data that
 * belongs to another visitor in the same call.
 */

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/gi
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g
/** Phone numbers, card and account numbers: 7+ digits, optionally separated. */
const LONG_NUMBER = /\+?\d(?:[\s\-./]?\d){6,}/g
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){3,8}\b/g
// Control characters (and line separators) would let visitor text fake prompt structure.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/g

/** Longest visitor-supplied string that may enter a prompt. */
export const MAX_TEXT = 60

/** Removes personal data patterns and control characters, collapses space and caps the length. */
export function scrubText(text: string, max = MAX_TEXT): string {
  const clean = text
    .replace(CONTROL, ' ')
    .replace(EMAIL, '[email]')
    .replace(URL_LIKE, '[url]')
    .replace(IBAN, '[account]')
    .replace(IPV4, '[ip]')
    .replace(LONG_NUMBER, '[number]')
    .replace(/\s+/g, ' ')
    .trim()
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}

/**
 * Words that reveal a special-category trait. Matching is on word starts, so "religious" and
 * "diabetic" are caught; the list errs towards catching too much, because a caught profile only
 * falls back to the rules result.
 */
const SENSITIVE =
  /\b(health\w*|medical|medic\w*|illness|disease\w*|diagnos\w*|diabet\w*|cancer|pregnan\w*|disabilit\w*|disabled|mental|depress\w*|therapy|hiv|religio\w*|church\w*|mosque|synagogue|muslim|islam\w*|christian\w*|jewish|hindu\w*|buddhis\w*|atheis\w*|politic\w*|democrat\w*|republican\w*|conservative|liberal|leftist|right-wing|left-wing|sexual\w*|sex life|gay|lesbian|bisexual|transgender|lgbt\w*|ethnic\w*|racial|race|trade union\w*|union member\w*|gps|coordinates|home address|street address|lives (?:in|at|on|near))\b/i

export function findSensitive(text: string): string | null {
  return text.match(SENSITIVE)?.[0]?.toLowerCase() ?? null
}

/**
 * A string of another visitor (search term, product, survey answer) that appears in this
 * profile's text: the model mixed visitors up, or a visitor's text steered another's profile.
 * Only strings of 6+ characters count, so common words shared by both visitors do not trigger.
 */
export function findForeignText(
  profileText: string,
  own: Set<string>,
  others: Iterable<string>,
): string | null {
  const haystack = profileText.toLowerCase()
  for (const s of others) {
    const needle = s.toLowerCase()
    if (needle.length >= 6 && !own.has(needle) && haystack.includes(needle)) return s
  }
  return null
}
