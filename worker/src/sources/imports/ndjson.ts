/**
 * Streaming NDJSON: one JSON object per line, blank lines skipped. A line that is not a JSON object
 * comes out as an error entry for the report instead of stopping the file.
 */
export type NdjsonEntry =
  | { row: number; value: Record<string, unknown> }
  | { row: number; error: 'invalid_json' | 'not_an_object' }

export class NdjsonParser {
  private rest = ''
  private line = 0
  private first = true

  constructor(private readonly maxLineChars = 64 * 1024) {}

  push(text: string): NdjsonEntry[] {
    let s = this.rest + text
    if (this.first && s.length) {
      this.first = false
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
    }
    const out: NdjsonEntry[] = []
    let start = 0
    for (let nl = s.indexOf('\n', start); nl !== -1; nl = s.indexOf('\n', start)) {
      const entry = this.parseLine(s.slice(start, nl))
      if (entry) out.push(entry)
      start = nl + 1
    }
    this.rest = s.slice(start)
    if (this.rest.length > this.maxLineChars) {
      this.rest = ''
      throw new LineTooLongError(this.line + 1, this.maxLineChars)
    }
    return out
  }

  end(): NdjsonEntry[] {
    const entry = this.parseLine(this.rest)
    this.rest = ''
    return entry ? [entry] : []
  }

  private parseLine(raw: string): NdjsonEntry | null {
    this.line++
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (!text.trim()) return null
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return { row: this.line, error: 'invalid_json' }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { row: this.line, error: 'not_an_object' }
    }
    return { row: this.line, value: value as Record<string, unknown> }
  }
}

export class LineTooLongError extends Error {
  constructor(
    readonly row: number,
    max: number,
  ) {
    super(`A line is longer than ${max} characters`)
  }
}
