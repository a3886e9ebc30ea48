/**
 * A plain-language target per language family, measured simply enough to explain in one line each:
 * - Latin script (de en es fr it pt): LIX, words per sentence plus the share of words longer than six
 *   letters (Björnsson 1968, used across European languages); below 40 is easy, above 50 is hard going.
 * - Chinese and Japanese: characters per sentence; plain-language guides aim at about 40.
 * - Korean: words (eojeol, the space-separated units) per sentence.
 * Each family also caps its longest sentence, so one run-on sentence cannot hide behind short ones.
 */
import type { Lang } from './notice'

export type Family = 'latin' | 'cjk' | 'hangul'

export interface Readability {
  family: Family
  measure: 'lix' | 'chars_per_sentence' | 'words_per_sentence'
  /** The measured value over the whole text, rounded to one decimal. */
  value: number
  /** The most the plain-language target allows. */
  limit: number
  /** The longest sentence, in the family's unit (words or characters). */
  longest: number
  longestLimit: number
  ok: boolean
}

export const familyOf = (lang: Lang): Family =>
  lang === 'ko' ? 'hangul' : lang === 'ja' || lang.startsWith('zh') ? 'cjk' : 'latin'

const TARGET: Record<Family, { measure: Readability['measure']; limit: number; longest: number }> = {
  latin: { measure: 'lix', limit: 50, longest: 35 },
  cjk: { measure: 'chars_per_sentence', limit: 45, longest: 90 },
  hangul: { measure: 'words_per_sentence', limit: 14, longest: 28 },
}

const words = (s: string) => s.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []
/** Characters that carry meaning: letters and digits, not spaces or punctuation. */
const chars = (s: string) => s.match(/[\p{L}\p{N}]/gu)?.length ?? 0
const round = (n: number) => Math.round(n * 10) / 10

/** Scores sentences (one string each) against the plain-language target of `lang`'s family. */
export function readability(sentences: string[], lang: Lang): Readability {
  const family = familyOf(lang)
  const target = TARGET[family]
  const n = Math.max(1, sentences.length)
  let value: number
  let longest: number
  if (family === 'latin') {
    const all = sentences.flatMap(words)
    const long = all.filter((w) => w.replace(/['’-]/g, '').length > 6).length
    value = all.length / n + (100 * long) / Math.max(1, all.length)
    longest = Math.max(0, ...sentences.map((s) => words(s).length))
  } else if (family === 'cjk') {
    value = sentences.reduce((sum, s) => sum + chars(s), 0) / n
    longest = Math.max(0, ...sentences.map(chars))
  } else {
    value = sentences.reduce((sum, s) => sum + words(s).length, 0) / n
    longest = Math.max(0, ...sentences.map((s) => words(s).length))
  }
  return {
    family,
    measure: target.measure,
    value: round(value),
    limit: target.limit,
    longest,
    longestLimit: target.longest,
    ok: value <= target.limit && longest <= target.longest,
  }
}
