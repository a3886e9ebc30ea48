/**
 * Token estimates without a tokenizer. BPE tokenizers spend about one token per four letters of
 * an English word, one per short digit run and one per punctuation mark; counting letters in
 * chunks of four, digits in chunks of three and every other non-space character alone errs on
 * the high side, which is the safe side for a hard cap.
 */
const PIECES = /[A-Za-z]{1,4}|\d{1,3}|[^\sA-Za-z\d]/g

export function estimateTokens(text: string): number {
  return text.match(PIECES)?.length ?? 0
}

/** The per-visitor cap of the brief: no visitor's data may cost more than this many input tokens. */
export const MAX_VISITOR_TOKENS = 600

/** Lists a capped payload may shorten, least useful first. */
type Trimmable = { path: string[]; kind: 'array' | 'record' }

/**
 * Shortens `payload` (a JSON-able object) until its JSON is at most `max` estimated tokens:
 * drops the last entry of the listed lists in turn, then truncates the longest strings.
 * Returns a new object; numbers are never touched, so clustering inputs stay intact.
 */
export function capToTokens<T extends object>(
  payload: T,
  trimmable: Trimmable[],
  max = MAX_VISITOR_TOKENS,
): { value: T; tokens: number } {
  const value = structuredClone(payload) as Record<string, unknown>
  let tokens = estimateTokens(JSON.stringify(value))
  // Round-robin over the lists so no single list is emptied while others stay long.
  let progress = true
  while (tokens > max && progress) {
    progress = false
    for (const t of trimmable) {
      if (tokens <= max) break
      const parent = t.path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], value)
      const key = t.path.at(-1)!
      const target = (parent as Record<string, unknown> | undefined)?.[key]
      if (t.kind === 'array' && Array.isArray(target) && target.length) {
        target.pop()
        progress = true
      } else if (t.kind === 'record' && target && typeof target === 'object') {
        const keys = Object.keys(target)
        if (keys.length) {
          delete (target as Record<string, unknown>)[keys.at(-1)!]
          progress = true
        }
      }
      tokens = estimateTokens(JSON.stringify(value))
    }
  }
  // Last resort: halve the longest strings until it fits.
  while (tokens > max) {
    const longest = longestString(value)
    if (!longest || longest.text.length <= 1) break
    longest.set(longest.text.slice(0, Math.floor(longest.text.length / 2)))
    tokens = estimateTokens(JSON.stringify(value))
  }
  return { value: value as T, tokens }
}

function longestString(root: unknown): { text: string; set: (s: string) => void } | null {
  let best: { text: string; set: (s: string) => void } | null = null
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        if (typeof v === 'string') {
          if (!best || v.length > best.text.length) best = { text: v, set: (s) => (node[i] = s) }
        } else visit(v)
      })
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const obj = node as Record<string, unknown>
        if (typeof v === 'string') {
          if (!best || v.length > best.text.length) best = { text: v, set: (s) => (obj[k] = s) }
        } else visit(v)
      }
    }
  }
  visit(root)
  return best
}
