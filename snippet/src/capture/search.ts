/**
 * Site search: from URL query parameters on every pageview (q, s, query, search, keyword unless configured),
 * from search-form submits that will not lead to such a URL, and from `heed('search', …)`.
 * The page may declare its results count with `data-heed-results="12"` on any element.
 */
import { list } from '../config'
import { now, on } from '../util'
import { emit } from './host'

let last = ''
let lastAt = 0

const searchParams = (): string[] => list('searchParams', 'q,s,query,search,keyword')

/** One search. Blank queries are ignored; the same query again within 2 s (a form, then its URL) counts once. */
export function search(query: unknown, results?: unknown): void {
  const q = `${query ?? ''}`.trim()
  if (!q || (q === last && now() - lastAt < 2e3)) return
  last = q
  lastAt = now()
  // A count the page did not give (or gave as anything but a number ≥ 0) is null, not 0.
  const n = Number.parseInt(results as string, 10)
  emit({ type: 'search', query: q, results: n >= 0 ? n : null })
}

export function searchFromUrl(): void {
  const params = new URLSearchParams(location.search)
  const q = searchParams().find((k) => params.get(k)?.trim())
  q && search(params.get(q), document.querySelector('[data-heed-results]')?.getAttribute('data-heed-results'))
}

/** `early`: consent stood when the page loaded, so this page's URL counts too (its pageview just went out). */
export function watchSearch(early: boolean): void {
  early && searchFromUrl()
  on(document, 'submit', (e: SubmitEvent) => {
    const form = e.target as HTMLFormElement
    const names = searchParams()
    const field = form.querySelector?.<HTMLInputElement>(
      `input[type=search]${names.map((k) => `,[name="${k}"]`).join('')}`,
    )
    // A plain GET to this site puts the query in the next page's URL, where searchFromUrl counts it.
    if (
      field &&
      field.type !== 'password' &&
      !form.closest('[data-heed-ignore]') &&
      (e.defaultPrevented ||
        form.method !== 'get' ||
        !names.includes(field.name) ||
        new URL(form.action).host !== location.host)
    )
      search(field.value)
  })
}
