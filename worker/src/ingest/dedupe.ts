import type { EventRow } from './row'

export const CLICK_COLLAPSE_MS = 500

/**
 * Identical clicks on the same element (same visitor, page, target and props) within 500 ms are one
 * click: double clicks and rage clicks would otherwise count twice. Returns the rows to keep and how
 * many collapsed. Rows keep their order.
 */
export function collapseClicks(rows: EventRow[]): { rows: EventRow[]; collapsed: number } {
  const lastKept = new Map<string, number>()
  const kept: EventRow[] = []
  let collapsed = 0
  for (const row of rows) {
    if (row.type !== 'click') {
      kept.push(row)
      continue
    }
    const key = `${row.site_id}\u001f${row.vid}\u001f${row.url}\u001f${row.name}\u001f${row.props}`
    const last = lastKept.get(key)
    if (last !== undefined && Math.abs(row.ts - last) <= CLICK_COLLAPSE_MS) {
      collapsed++
      continue
    }
    lastKept.set(key, row.ts)
    kept.push(row)
  }
  return { rows: kept, collapsed }
}

/**
 * Purchases with an order id already seen in this batch are dropped: a purchase counts once per
 * (site, order_id). Across batches the consumer's insert checks the orders table.
 */
export function dropRepeatedOrders(rows: EventRow[]): { rows: EventRow[]; dropped: number } {
  const seen = new Set<string>()
  const kept: EventRow[] = []
  for (const row of rows) {
    if (row.type === 'purchase' && row.order_id !== null) {
      const key = `${row.site_id}\u001f${row.order_id}`
      if (seen.has(key)) continue
      seen.add(key)
    }
    kept.push(row)
  }
  return { rows: kept, dropped: rows.length - kept.length }
}

/**
 * The first row of each key, in order: a message delivered twice within one consumer batch, or an
 * event a client re-sent, is written once and counted once.
 */
export function firstOfEach<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>()
  return rows.filter((row) => {
    const k = key(row)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * A bounded memory of recently accepted keys (event ids, order ids) in this isolate, so a replayed
 * batch is answered as duplicates at once. The store's UNIQUE keys stay the authority: this only
 * makes the answer more accurate, it never decides what is stored.
 */
export class RecentKeys {
  private readonly keys = new Set<string>()
  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.has(key)
  }

  add(key: string): void {
    if (this.keys.has(key)) return
    if (this.keys.size >= this.capacity) this.keys.delete(this.keys.values().next().value as string)
    this.keys.add(key)
  }
}
