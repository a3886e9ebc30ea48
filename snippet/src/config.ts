/**
 * Options: the script tag's data-attributes (IIFE) or the object passed to `init()` (ESM), read where used.
 * Keys are the camelCase form of the attribute: `data-search-params` → `searchParams`.
 * Reading lazily instead of building a config object keeps the snippet small.
 */
export type Options = Record<string, string | boolean | undefined>

export let options: Options = {}
/** Worker origin (or base URL), without a trailing slash. */
export let endpoint = ''

export function setOptions(o: Options, fallbackEndpoint: string): void {
  options = o
  endpoint = String(o.endpoint || fallbackEndpoint).replace(/\/$/, '')
}

export const opt = (key: string, fallback = ''): string => String(options[key] ?? fallback)

/**
 * An option's switch: a bare attribute (`''`), `true` or any other value is on; `false`, `off`, `0` and `no` are
 * off; absent means `fallback`. The chunks read their switches with it too (after setOptions with the bridge's).
 */
export const flag = (key: string, fallback?: boolean): boolean =>
  options[key] == null ? !!fallback : !/^(false|off|0|no)$/.test(String(options[key]))

export const list = (key: string, fallback: string): string[] =>
  opt(key, fallback)
    .split(/\s*,\s*/)
    .filter(Boolean)

/** Page URL as sent: the fragment only matters with hash routing. */
export const pageUrl = (): string =>
  opt('spa') === 'hash' ? location.href : (location.href.split('#')[0] as string)

/** Path patterns with `*` wildcards (`/admin/*`); every other character is taken literally. */
export const pathPattern = (p: string): RegExp =>
  RegExp(`^${p.replace(/\W/g, '\\$&').replace(/\\\*/g, '.*')}$`)
