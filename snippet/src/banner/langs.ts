/**
 * The banner's languages, and how a visitor's language is picked among them. No DOM here: the worker serves
 * the privacy notice in the same languages (worker/src/privacy/).
 */
export const LANGS = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it'] as const
export type Lang = (typeof LANGS)[number]

/** The first supported language among the candidates (override, <html lang>, the browser's). */
export function pickLang(candidates: (string | null | undefined)[]): Lang {
  for (const c of candidates) {
    const tag = (c || '').toLowerCase()
    if (!tag) continue
    if (/^zh-(tw|hk|mo|hant)/.test(tag)) return 'zh-TW'
    const hit =
      LANGS.find((l) => l.toLowerCase() === tag) || LANGS.find((l) => l.slice(0, 2) === tag.slice(0, 2))
    if (hit) return hit
  }
  return 'en'
}
