import { identifierKey, orderKey, siteSalt } from '../sources/identity/identifiers'
import type { EventRow } from './row'
import { scrubId } from './scrub'

/** Whether an identifier holds personal data: an e-mail address, a JWT, a phone number (scrubId). */
export const carriesPersonalData = (id: string) => scrubId(id) !== id

/**
 * Order ids and identify user ids that carry personal data are replaced by keyed hashes before they
 * are stored: HMAC-SHA-256 under the site's identity salt, the keys identity stitching uses. A
 * placeholder would merge every such order into one (an order counts once per id) and every such
 * user into one person; a hash is as distinct as the id and the same for the same id, so order dedupe
 * and identity joins keep working while the table no longer holds the address.
 *
 * An order id becomes `order:<hash>`. An identify row's `props.user_id` is dropped for
 * `props.user_key`, the `user:<hash>` link key itself (sources/identity/web-identify.ts reads it).
 * Needs the salt from D1, so it runs in the queue consumer, before the rows are written.
 */
export async function pseudonymizeIds(d1: D1Database, rows: EventRow[], now: number): Promise<EventRow[]> {
  const salts = new Map<string, Promise<string>>()
  const saltOf = (siteId: string) => {
    let salt = salts.get(siteId)
    if (!salt) {
      salt = siteSalt(d1, siteId, now)
      salts.set(siteId, salt)
    }
    return salt
  }
  return Promise.all(
    rows.map(async (row) => {
      let out = row
      if (row.order_id !== null && carriesPersonalData(row.order_id))
        out = { ...out, order_id: await orderKey(await saltOf(row.site_id), row.order_id) }
      if (row.type === 'identify' && row.props !== null) {
        const props = JSON.parse(row.props) as { user_id?: unknown; user_key?: string }
        if (typeof props.user_id === 'string' && carriesPersonalData(props.user_id)) {
          const key = await identifierKey(await saltOf(row.site_id), 'user', props.user_id)
          const { user_id: _raw, ...rest } = props
          out = { ...out, props: JSON.stringify(key ? { user_key: key, ...rest } : rest) }
        }
      }
      return out
    }),
  )
}
