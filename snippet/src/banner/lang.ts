/**
 * Banner languages. Each lives in its own small script, heed-consent-<lang>.js, so a page loads only
 * the one in use; the script hands its strings over on its own <script> element (no global).
 */
export const LANGS = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it']

export type Strings = Record<
  | 't'
  | 'd'
  | 'ai'
  | 'p'
  | 'a'
  | 'r'
  | 's'
  | 'v'
  | 'an'
  | 'ad'
  | 'mn'
  | 'md'
  | 'id'
  | 'dl'
  | 'de'
  | 'ok'
  | 'b',
  string
>

/** The first supported language among the candidates (override, <html lang>, the browser's). */
export function pickLang(candidates: (string | null | undefined)[]): string {
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

export function loadStrings(
  endpoint: string,
  lang: string,
  nonce: string | undefined,
  cb: (s: Strings) => void,
) {
  const s = document.createElement('script') as HTMLScriptElement & { t?: Strings }
  s.src = `${endpoint}/heed-consent-${lang}.js`
  if (nonce) s.nonce = nonce
  s.onload = () => s.t && cb(s.t)
  document.head.appendChild(s)
}
