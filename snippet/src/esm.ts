/**
 * heed.mjs, the ESM build for bundlers: `import { init, heed } from '…/heed.mjs'`.
 * `init` takes the same options as the script tag's data-attributes, in camelCase. It also installs
 * `window.heed`, so inline `heed(...)` calls and the consent chunk work the same as with heed.js.
 * The capture code is bundled in and connects when the visitor allows analytics, as heed-capture.js does.
 */
import { attach } from './capture'
import type { Options } from './config'
import { type Heed, start } from './start'

/** Calls made before `init` wait in the same queue the two-line inline stub uses. */
export const heed: Heed = (...args) => {
  if (!window.heed) {
    const q: ArrayLike<unknown>[] = []
    window.heed = Object.assign((...a: unknown[]) => void q.push(a), { q })
  }
  window.heed(...args)
}

/** Starts Heed once per page; later calls return the running instance. */
export const init = (options: Options): Heed =>
  window.heed?.loaded ? window.heed : start(options, location.origin, attach)
