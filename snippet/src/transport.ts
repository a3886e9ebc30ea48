/**
 * Getting a batch to the worker. Bodies are JSON sent as text/plain: a "simple" request, so no CORS preflight.
 * While the page lives, fetch (keepalive): its answer tells us whether to retry. When the page is hidden or left,
 * sendBeacon, which browsers deliver most reliably at that moment but which never reports the server's answer.
 */

/** Resolves true when the batch is done with (stored, or refused for good: 4xx), false when it should be retried. */
export const post = (url: string, body: string): Promise<boolean> =>
  // keepalive: the request outlives the page (batches stay under its 64 KB quota). No credentials option: the
  // worker reads no cookies, and sendBeacon could not leave them out anyway.
  fetch(url, { method: 'POST', body, keepalive: true }).then(
    (r) => !/^(5|429|408)/.test(r.status as unknown as string),
    () => false,
  )

/** false when offline or refused by the browser (size, quota): the caller keeps the batch. */
export const beacon = (url: string, body: string): boolean | undefined =>
  navigator.onLine && navigator.sendBeacon?.(url, body)
