/**
 * Everything heed.js keeps on the visitor's device, and for how long. No DOM here: the worker imports this file
 * to build the privacy notice's storage declaration (worker/src/privacy/facts.ts), so the notice states what the
 * snippet really writes.
 */

/** The visitor's choice: `{ s, id, t, ver }` (gate.ts). Written on any choice, refusals included. */
export const KEY_CONSENT = 'heed_consent'
/** Visitor and session ids (ids.ts). Only with analytics consent. */
export const KEY_IDS = 'heed_id'
/** Batches that could not be sent yet (capture/retry.ts). Only with analytics consent. */
export const KEY_QUEUE = 'heed_q'
/** The consent chunk's record of the last decision it logged: `{ id, s }` (consent/log.ts). */
export const KEY_LOGGED = 'heed_cl'

/** A refusal is remembered this many days (about 6 months), then the visitor is asked again. */
export const REFUSAL_DAYS = 182
/** A grant is remembered this many days (about 13 months). */
export const GRANT_DAYS = 395
/** The visitor id is renewed after this many days (about 13 months). */
export const VISITOR_ID_DAYS = 395
/** A session ends after this many idle minutes. */
export const SESSION_IDLE_MINUTES = 30
/** The retry list keeps at most this many events. */
export const RETRY_MAX_EVENTS = 200
