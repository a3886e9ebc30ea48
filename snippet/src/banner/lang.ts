/**
 * Banner languages. Each lives in its own small script, heed-consent-<lang>.js, so a page loads only
 * the one in use; the script hands its strings over on its own <script> element (no global).
 */
export { LANGS, pickLang } from './langs'

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
