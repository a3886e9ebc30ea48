/**
 * heed-capture.js: everything Heed captures beyond the pageview — clicks, site search, engagement, purchases and
 * the dataLayer, custom events, identify — and the retry list. heed.js loads it only once the visitor allows
 * analytics (at page load for a standing grant, or when they grant on the page), so none of this code runs, or
 * even downloads, before consent. The ESM build bundles it and connects it the same way.
 */
import type { Props } from '../../../worker/src/protocol'
import { endpoint, type Options, setOptions } from '../config'
import { watchClicks } from './clicks'
import { commerce, watchDataLayer } from './commerce'
import { nextPage, watchEngagement } from './engagement'
import { type CaptureBridge, emit, setHost } from './host'
import { watchRetries } from './retry'
import { search, searchFromUrl, watchSearch } from './search'

/** Flat scalar props only (nested values would get the whole event rejected by the worker; a bigint could not
 * even be serialized). */
const scalars = (p: unknown): Props =>
  Object.fromEntries(
    Object.entries(p || {}).filter(([, v]) => v === null || /^(string|number|boolean)$/.test(typeof v)),
  )

function connect(b: CaptureBridge): void {
  // Connected already (the ESM build asks again on a later grant; a page might include this file twice).
  if (b.commands.track) return
  setOptions(b.options as Options, b.endpoint)
  setHost(b)
  Object.assign(b.commands, {
    track: (name: unknown, props: unknown) =>
      name && emit({ type: 'custom', name: `${name}`, props: scalars(props) }),
    purchase: (p: Record<string, unknown>) => commerce('purchase', p),
    search: (s: { query: unknown; results?: unknown }) => search(s.query, s.results),
    identify: (id: unknown, traits: unknown) =>
      id && emit({ type: 'identify', user_id: `${id}`, traits: scalars(traits) }),
  })
  watchRetries(`${endpoint}/collect`)
  // Before each later pageview: engagement of the page left; right after it, a search in the new URL.
  b.hooks.page = (url) => {
    nextPage(url)
    queueMicrotask(searchFromUrl)
  }
  watchEngagement()
  watchClicks()
  watchSearch(!!b.early)
  watchDataLayer(!!b.early)
}

/** Asks the running heed.js for its bridge; the core answers once, then replays commands that waited for us. */
export const attach = (): void => window.heed?.('capture:bridge', connect)
