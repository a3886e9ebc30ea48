/**
 * The seam between heed.js and the capture chunk (heed-capture.js, capture/index.ts), which loads only once the
 * visitor allows analytics. The core calls these hooks at the right moments; the chunk sets them when it connects.
 */
import type { Envelope } from '../../worker/src/protocol'

export interface Hooks {
  /** before the pageview of `url` is emitted: engagement of the page being left (and, queued for right after the
   * pageview, site search in the new URL) */
  page?(url: string): void
  /** the page is hidden or left, before the last flush */
  leave?(): void
  /** a batch failed; it is already at the end of `failed` */
  fail?(): void
}

export const hooks: Hooks = {}

/**
 * Batches that failed to send, oldest first. Only the capture chunk retries them (capture/retry.ts): retrying and
 * keeping them on the device come with analytics consent.
 */
export const failed: Envelope[] = []
