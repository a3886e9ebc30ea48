/**
 * A JSON text column (props, items, payload, …) as a value: parsed when it holds JSON, otherwise
 * the text itself, so a malformed stored value is still shown rather than failing the read.
 */
export function parseStoredJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
