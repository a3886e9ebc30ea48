/**
 * Getting a batch to the worker. Bodies are JSON sent as text/plain: a "simple" request, so no CORS preflight.
 * While the page lives, fetch (keepalive): its answer tells us whether to retry. When the page is hidden or left,
 * sendBeacon, which browsers deliver most reliably at that moment but which never reports the server's answer.
 */

/** Resolves true when the batch is done with (stored, or refused for good: 4xx), false when it should be retried. */
export const post = (url: string, body: string): Promise<boolean> =>
  fetch(url, { method: 'POST', body, keepalive: body.length < 6e4, credentials: 'omit' }).then(
    (r) => r.status < 500 && r.status !== 429 && r.status !== 408,
    () => false,
  )

/** false when offline or refused by the browser (size, quota): the caller keeps the batch. */
export const beacon = (url: string, body: string): boolean | undefined =>
  navigator.onLine && navigator.sendBeacon?.(url, body)
