/**
 * Events per visitor per minute in this isolate. A visitor who sends more than the site allows
 * (a script in a loop, a runaway SPA) is not a person reading pages; the excess is quarantined.
 * Per-isolate counting is approximate by design; the rate-limit binding bounds requests globally.
 */
export class BurstMeter {
  private readonly windows = new Map<string, { minute: number; count: number }>()
  constructor(private readonly maxKeys = 10_000) {}

  /** Adds `n` events for `key` at `now`; returns how many of them fit under `limit`. */
  admit(key: string, n: number, limit: number, now: number): number {
    const minute = Math.floor(now / 60_000)
    let w = this.windows.get(key)
    if (!w || w.minute !== minute) {
      if (!w && this.windows.size >= this.maxKeys) this.evict(minute)
      w = { minute, count: 0 }
      this.windows.set(key, w)
    }
    const fit = Math.max(0, Math.min(n, limit - w.count))
    w.count += n
    return fit
  }

  private evict(minute: number) {
    for (const [k, w] of this.windows) if (w.minute !== minute) this.windows.delete(k)
    // Still full of current-minute visitors: drop the oldest entry.
    if (this.windows.size >= this.maxKeys) this.windows.delete(this.windows.keys().next().value as string)
  }
}
