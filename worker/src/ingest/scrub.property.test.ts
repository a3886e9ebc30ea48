import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decisionSchema } from '../consent/decision'
import { siteSettingsSchema } from '../site/settings'
import { LIMITS } from '../protocol'
import { normalizeEmail, normalizePhone } from '../sources/identity/identifiers'
import { toHeedEvent } from '../sources/segment/map'
import { segmentMessageSchema } from '../sources/segment/message'
import { originAllowed } from '../site/origin'
import { parseEnvelope, parseEvent } from './parse'
import { runPipeline } from './pipeline'
import { sanitizeItems, sanitizeProps } from './props'
import { quarantineRow, scrubDeep } from './quarantine'
import { cleanText, isSensitiveKey, safeId, safeText, scrubId, scrubPii, scrubText } from './scrub'
import { sanitizeReferrer, sanitizeUrl } from './url'

/**
 * Time on hostile text must grow linearly: 64 KB (the /collect body limit) may cost about 8 times
 * 8 KB, never 64 times. Each input is a short adversarial unit repeated to size, between a prefix and
 * a suffix that make patterns start, almost match and fail.
 */
const LARGE = LIMITS.maxBodyBytes
const SMALL = LARGE / 8
/** Linear is 8; 16 leaves room for a noisy machine, quadratic (64) stays far outside. */
const MAX_RATIO = 16

const UNITS = [
  'eyJ-',
  'eyJa.',
  'eyJaaaa.bbbb-',
  'a@',
  'a@a.',
  'a%40',
  '%40a.b',
  '%2',
  'a.',
  '1 ',
  '1-',
  '1.',
  '(1',
  '((1))',
  '+1 ',
  '1',
  '4111 ',
  'a1',
  '/',
  '[[',
  '{"a":',
  ' ',
]
const AFFIXES = ['', 'x', 'a@', '@', 'eyJ', '+', ' ', '!', '/']
const ALPHABET = [...'eyJ-_.@%40a1 +()/[]{}"=:\\'.split(''), '\u0000', '\uD800', 'é']

/** Each unit between text that makes patterns start and fail, and an address whose domain never ends. */
const EXAMPLES = [
  ...UNITS.map((unit) => ({ unit, prefix: 'x', suffix: '!' })),
  { unit: '.', prefix: 'a@', suffix: '@' },
]

const adversarial = fc.record({
  unit: fc.oneof(
    fc.constantFrom(...UNITS),
    fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 6 }),
  ),
  prefix: fc.constantFrom(...AFFIXES),
  suffix: fc.constantFrom(...AFFIXES),
})
type Adversarial = { unit: string; prefix: string; suffix: string }

function build({ unit, prefix, suffix }: Adversarial, size: number): string {
  const length = Math.max(0, size - prefix.length - suffix.length)
  return `${prefix}${unit.repeat(Math.ceil(length / unit.length)).slice(0, length)}${suffix}`
}

let calls = 0
/**
 * Milliseconds for `reps` calls, taking the inputs in turn; workerd's clock has 1 ms steps, so a
 * sample must be much longer. Each call gets a number of its own, for targets that must not be
 * answered from a memo.
 */
function elapsed(target: (s: string, call: number) => unknown, inputs: string[], reps: number): number {
  const started = performance.now()
  for (let i = 0; i < reps; i++) target(inputs[i % inputs.length]!, calls++)
  return performance.now() - started
}

/** `n` distinct flat copies of `s` (JSON.parse makes a new string). */
const copies = (s: string, n: number) =>
  Array.from({ length: n }, () => JSON.parse(JSON.stringify(s)) as string)

/**
 * Cost per call on LARGE over cost per call on SMALL. The small input is timed on eight copies in
 * turn, so that both sizes read 64 KB of memory and a cheap function is not timed as faster per
 * character only because 8 KB stays in the fastest cache. Both are warmed up, the number of calls
 * grows until a sample takes 6 ms (the clock has 1 ms steps), then both are sampled in turn so that a
 * burst of load hits both. Load only ever adds time, so the faster of two samples is the better
 * estimate of each cost. A ratio at or above `limit` is measured again, four times at most: noise
 * passes, a function that really is slower fails every time.
 */
function growth(target: (s: string, call: number) => unknown, a: Adversarial, limit = MAX_RATIO): number {
  const small = copies(build(a, SMALL), LARGE / SMALL)
  const large = copies(build(a, LARGE), 1)
  elapsed(target, large, 1)
  let reps = small.length
  while (elapsed(target, small, reps) < 6) reps *= 2
  let best = Number.POSITIVE_INFINITY
  for (let attempt = 0; attempt < 5 && best >= limit; ) {
    const largeReps = Math.max(1, reps / 8)
    let s = Number.POSITIVE_INFINITY
    let l = Number.POSITIVE_INFINITY
    for (let i = 0; i < 2; i++) {
      s = Math.min(s, elapsed(target, small, reps))
      l = Math.min(l, elapsed(target, large, largeReps))
    }
    // A pause during calibration made it stop early: too short to time with this clock.
    if (s < 5) {
      reps *= 2
      continue
    }
    best = Math.min(best, l / largeReps / (s / reps))
    attempt++
    // Twice far beyond any pause of a loaded machine: quadratic, no need to wait for more samples.
    if (attempt >= 2 && best > 8 * MAX_RATIO) break
  }
  return best
}

const settings = siteSettingsSchema.parse({ hashRouting: true })
const NOW = Date.UTC(2026, 10, 28, 12)
const EVENT_ID = '0b1f7f5e-3c2a-4d8e-9f10-aaaaaaaaaaaa'
const pageview = (s: string) => ({
  id: EVENT_ID,
  type: 'pageview',
  ts: NOW,
  url: 'https://shop.example/',
  title: s,
})

/** Each scrubber and validator that sees visitor- or client-supplied text. */
const TARGETS: Record<string, (s: string, call: number) => unknown> = {
  scrubPii: (s) => scrubPii(s),
  scrubId: (s) => scrubId(s),
  cleanText: (s) => cleanText(s),
  scrubText: (s) => scrubText(s, 2_000),
  safeText: (s) => safeText(s, 300),
  safeId: (s) => safeId(s, 200),
  isSensitiveKey: (s) => isSensitiveKey(s, { traits: true }),
  sanitizeProps: (s) => sanitizeProps({ [s.slice(0, 100)]: s, note: s }),
  sanitizeItems: (s) => sanitizeItems([{ id: s, name: s, category: s }]),
  scrubDeep: (s) => scrubDeep({ [s]: s, list: [s, { s }] }),
  quarantineRow: (s) => quarantineRow(s, s, 'invalid_event', s, { title: s }, NOW),
  // The URL memo would answer repeats from memory: each call gets its own URL.
  sanitizeUrl: (s, i) =>
    sanitizeUrl(`https://shop.example/${i}/${s}?q=${s}&utm_campaign=${s}#${s}`, settings),
  sanitizeReferrer: (s, i) => sanitizeReferrer(`https://ref.example/${i}/${s}?x=${s}`),
  originAllowed: (s) => originAllowed(s, [s, 'https://shop.example/']),
  normalizeEmail: (s) => normalizeEmail(s),
  normalizePhone: (s) => normalizePhone(s),
  parseEnvelope: (s) =>
    parseEnvelope(
      JSON.stringify({
        v: 1,
        site: s,
        vid: s,
        consent: { analytics: true, marketing: false, id: s },
        events: [s],
      }),
    ),
  parseEvent: (s) => parseEvent({ ...pageview(s), url: `https://shop.example/${s}`, referrer: s }),
  decisionSchema: (s) =>
    decisionSchema.safeParse({
      site: s,
      consent_id: s,
      action: 'grant',
      analytics: true,
      marketing: false,
      source: s,
      locale: s,
    }),
  segmentMessage: (s) => {
    const m = segmentMessageSchema.safeParse({
      type: 'track',
      event: s.slice(0, 200),
      userId: s,
      properties: { order_id: s, products: [{ product_id: s, name: s }], query: s },
      traits: { email: s },
    })
    return m.success ? toHeedEvent(m.data, { id: EVENT_ID, ts: NOW }) : null
  },
  runPipeline: (s, i) => {
    const parsed = parseEnvelope(
      JSON.stringify({
        v: 1,
        site: 'shop',
        vid: 'a'.repeat(22),
        consent: { analytics: true, marketing: true },
        events: [
          // Too long: rejected, and its payload scrubbed into quarantine.
          {
            ...pageview(s),
            url: `https://shop.example/${i}/${s}`,
            referrer: `https://ref.example/${i}/${s}`,
          },
          {
            id: EVENT_ID.replace('a', 'b'),
            type: 'custom',
            ts: NOW,
            url: `https://shop.example/${i}/${s.slice(0, 7_000)}`,
            name: s.slice(0, 200),
            props: { k: s.slice(0, 8_000) },
          },
        ],
      }),
    )
    if (!parsed.ok) return parsed
    return runPipeline(parsed.envelope, {
      site: { id: 'shop', currency: 'EUR', settings },
      receivedAt: NOW,
      facts: { country: null, region: null, city: null, device: null, browser: null, os: null },
      consent: { analytics: true, marketing: true, vid: 'a'.repeat(22), sid: null },
      vid: 'a'.repeat(22),
    })
  },
}

describe('scrubbers and validators on hostile text up to the body limit', () => {
  for (const [name, target] of Object.entries(TARGETS)) {
    it(`${name}: 8× the input costs at most ${MAX_RATIO}× the time`, () => {
      fc.assert(
        fc.property(adversarial, (a) => {
          const ratio = growth(target, a)
          expect(ratio, `${name} on ${JSON.stringify(a)}: ${ratio.toFixed(1)}×`).toBeLessThan(MAX_RATIO)
        }),
        {
          // The listed units first, then generated ones.
          numRuns: EXAMPLES.length + 4,
          examples: EXAMPLES.map((a) => [a]),
          // Each run times a function; shrinking a quadratic one would take minutes.
          endOnFailure: true,
        },
      )
    }, 120_000)
  }
})

describe('free text is cut before it is scrubbed', () => {
  // Only what is kept is cleaned and scrubbed: the time does not depend on what lies beyond.
  const bounded: Record<string, (s: string) => unknown> = {
    safeText: (s) => safeText(s, 300),
    scrubText: (s) => scrubText(s, 2_000),
    safeId: (s) => safeId(s, 200),
    sanitizeProps: (s) => sanitizeProps({ note: s }),
    quarantineRow: (s) => quarantineRow(null, null, 'invalid_event', s, { title: s, props: { k: s } }, NOW),
  }
  for (const [name, target] of Object.entries(bounded)) {
    it(`${name}: a 64 KB input costs about what an 8 KB one does`, () => {
      for (const unit of ['eyJ-', 'a@a.', '1 ', 'a1', 'é ']) {
        const ratio = growth(target, { unit, prefix: 'x', suffix: '!' }, 3)
        expect(ratio, `${name} on ${JSON.stringify(unit)}: ${ratio.toFixed(1)}×`).toBeLessThan(3)
      }
    }, 60_000)
  }
})
