/**
 * A bounded memo for pure functions of strings. Events of one page share its URL, referrer and
 * user agent, so most lookups repeat; when full the memo starts over (cheaper than LRU bookkeeping).
 */
export function memoize<V>(fn: (key: string) => V, capacity = 512): (key: string) => V {
  const cache = new Map<string, V>()
  return (key: string) => {
    const hit = cache.get(key)
    if (hit !== undefined || cache.has(key)) return hit as V
    const value = fn(key)
    if (cache.size >= capacity) cache.clear()
    cache.set(key, value)
    return value
  }
}
