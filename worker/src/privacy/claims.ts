/**
 * Reads the checkable claims out of one sentence: numbers, durations, storage keys and table names,
 * companies, purposes, e-mail addresses and URLs. What it finds is compared with the cited facts (check.ts).
 */
import type { Duration } from './durations'
import { PURPOSES, type Purpose } from './facts'
import { CJK_DIGITS, COMPANY_NAMES, NEGATIONS, NUMBER_WORDS, PURPOSE_TERMS, UNITS } from './lexicon'
import type { Lang } from './notice'

export interface TextClaims {
  numbers: number[]
  durations: Duration[]
  keys: string[]
  processors: string[]
  purposes: Purpose[]
  /** E-mail addresses and URLs: only the owner's own contact details may appear. */
  addresses: string[]
  /** Whether the sentence says something negatively ("never", "nicht", "ません"). */
  negative: boolean
}

const CJK_LANGS = new Set<Lang>(['ja', 'zh-CN', 'zh-TW', 'ko'])
/** `s` as a literal inside a regular expression. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** 1,000 and 1.000 are a thousand; 0,5 and 0.5 a half; 6(1) is 6 and 1. */
function parseNumber(raw: string): number {
  if (/^\d{1,3}([.,\u202f\u00a0]\d{3})+$/.test(raw)) return Number(raw.replace(/[.,\u202f\u00a0]/g, ''))
  return Number(raw.replace(',', '.'))
}

function parseCjkNumeral(s: string): number {
  // 十三 = 13, 三十 = 30, 二十四 = 24, 十 = 10; a plain run of digits (一二) is read digit by digit.
  if (!s.includes('十')) return Number([...s].map((c) => CJK_DIGITS[c] ?? 0).join(''))
  const [tens, ones] = s.split('十')
  return (tens ? (CJK_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CJK_DIGITS[ones] ?? 0) : 0)
}

const NUMBER = '\\d+(?:[.,\\u202f\\u00a0]\\d+)*'

interface LangPatterns {
  duration: RegExp
  wordDuration: RegExp | null
  cjkDuration: RegExp | null
  unitOf: (word: string) => Duration['unit']
  purposes: [Purpose, RegExp][]
  negation: RegExp
}

const cache = new Map<Lang, LangPatterns>()

function patterns(lang: Lang): LangPatterns {
  const hit = cache.get(lang)
  if (hit) return hit
  const units = UNITS[lang]
  const unitAlt = units.map(([re]) => `(?:${re})`).join('|')
  // Latin units must end a word ("3 days", not "3 daysx"); CJK and Hangul units are followed by anything.
  const end = CJK_LANGS.has(lang) ? '' : '(?![\\p{L}])'
  const unitMatchers = units.map(([re, unit]) => [new RegExp(`^(?:${re})$`, 'iu'), unit] as const)
  const words = NUMBER_WORDS[lang]
  const made: LangPatterns = {
    duration: new RegExp(`(${NUMBER})\\s*(${unitAlt})${end}`, 'giu'),
    wordDuration: words
      ? new RegExp(
          `(?<![\\p{L}])(${Object.keys(words).map(escapeRegExp).join('|')})\\s+(${unitAlt})${end}`,
          'giu',
        )
      : null,
    cjkDuration:
      CJK_LANGS.has(lang) && lang !== 'ko'
        ? new RegExp(`([〇零一二两兩三四五六七八九十]+)(${unitAlt})`, 'gu')
        : null,
    unitOf: (word) => unitMatchers.find(([re]) => re.test(word))?.[1] ?? 'day',
    purposes: PURPOSES.map((p) => {
      const terms = PURPOSE_TERMS[lang][p]
      const start = CJK_LANGS.has(lang) ? '' : '(?<![\\p{L}])'
      return [p, new RegExp(`${start}(?:${terms.join('|')})`, 'iu')] as [Purpose, RegExp]
    }),
    negation: negationPattern(lang),
  }
  cache.set(lang, made)
  return made
}

function negationPattern(lang: Lang): RegExp {
  const words = NEGATIONS[lang].map(escapeRegExp)
  return CJK_LANGS.has(lang)
    ? new RegExp(words.join('|'), 'u')
    : new RegExp(`(?<![\\p{L}])(?:${words.join('|')})(?![\\p{L}])`, 'iu')
}

const KEY = /(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])/g
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
const URL_LIKE =
  /\b(?:https?:\/\/|www\.)[^\s)<>"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|ai|de|fr|es|it|pt|eu|cn|jp|kr|tw|uk|example)\b/gi

/**
 * The claims in `text`, after removing the owner's own text (`literals`): the controller's name or address
 * is shown as written and cannot add a claim of its own, whatever it says.
 */
export function claimsIn(text: string, lang: Lang, literals: string[], processors: string[]): TextClaims {
  let rest = text.normalize('NFKC')
  for (const l of [...literals].sort((a, b) => b.length - a.length)) {
    if (l) rest = rest.split(l.normalize('NFKC')).join(' ')
  }
  // Company names first, and out of the way: a host such as 127.0.0.1:11434 is a name, not four numbers.
  const companies = [...new Set([...COMPANY_NAMES, ...processors])].sort((a, b) => b.length - a.length)
  const found: string[] = []
  for (const name of companies) {
    const re = /^[\w ]+$/.test(name)
      ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'gu')
      : new RegExp(escapeRegExp(name), 'g')
    if (re.test(rest)) {
      found.push(name)
      rest = rest.replace(re, ' ')
    }
  }

  const addresses = [...(rest.match(EMAIL) ?? [])]
  rest = rest.replace(EMAIL, ' ')
  addresses.push(...(rest.match(URL_LIKE) ?? []))
  rest = rest.replace(URL_LIKE, ' ')

  const p = patterns(lang)
  const durations: Duration[] = []
  for (const m of rest.matchAll(p.duration)) durations.push({ n: parseNumber(m[1]!), unit: p.unitOf(m[2]!) })
  const words = NUMBER_WORDS[lang]
  if (p.wordDuration && words) {
    for (const m of rest.matchAll(p.wordDuration)) {
      durations.push({ n: words[m[1]!.toLowerCase()] ?? 0, unit: p.unitOf(m[2]!) })
    }
  }
  if (p.cjkDuration) {
    for (const m of rest.matchAll(p.cjkDuration))
      durations.push({ n: parseCjkNumeral(m[1]!), unit: p.unitOf(m[2]!) })
  }
  const numbers = [...rest.matchAll(new RegExp(NUMBER, 'g'))].map((m) => parseNumber(m[0]))
  return {
    numbers,
    durations,
    keys: [...new Set(rest.match(KEY) ?? [])],
    processors: found,
    purposes: p.purposes.filter(([, re]) => re.test(rest)).map(([purpose]) => purpose),
    addresses,
    negative: p.negation.test(rest),
  }
}
