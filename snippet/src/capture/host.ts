/**
 * What the capture chunk reaches of the core: set once when it connects (capture/index.ts). The chunk is a
 * separate bundle with its own copies of whatever it imports, so it may import the core's pure helpers (and
 * configure its copy of config.ts with the bridge's options) but never rely on the core's state through an
 * import: emit, the gate and the failed-batch list come from here.
 */
import type { Envelope } from '../../../worker/src/protocol'
import type { ConsentBridge } from '../api'
import type { Draft } from '../emit'
import type { Hooks } from '../hooks'

/**
 * What `heed('capture:bridge', cb)` hands the chunk (api.ts): the consent chunks' bridge and what capturing needs.
 * The chunk adds track, identify, purchase and search to `commands`.
 */
export interface CaptureBridge extends ConsentBridge {
  emit(draft: Draft, url?: string): void
  /** whether the consent state lets Heed write to the device */
  stores(): boolean
  hooks: Hooks
  failed: Envelope[]
  /** true when consent stood at page load: what the page did before (dataLayer, the URL's search) is captured too */
  early?: boolean
}

export let emit: CaptureBridge['emit']
export let stores: CaptureBridge['stores']
export let hooks: Hooks
export let failed: Envelope[]

export function setHost(b: CaptureBridge): void {
  ;({ emit, stores, hooks, failed } = b)
}
