/** The language a visitor reads the notice in: ?lang= first, then Accept-Language by preference. */
import { pickLang } from '../../../snippet/src/banner/langs'
import type { Lang } from './notice'

/** Accept-Language tags, most preferred first ("de-CH, de;q=0.9, en;q=0.5" → de-CH, de, en). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      )
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, i }
    })
    .filter((t) => t.tag && t.tag !== '*' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((t) => t.tag)
}

export const requestLang = (query: string | undefined, acceptLanguage: string | undefined): Lang =>
  pickLang([query, ...acceptedLanguages(acceptLanguage)])
