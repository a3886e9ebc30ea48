/**
 * A streaming RFC 4180 CSV parser: text goes in chunk by chunk, complete records come out, so a
 * 100,000-row file never sits in memory at once. Handles a byte-order mark, CRLF / LF / CR line
 * ends, quoted fields with delimiters, quotes ("") and line breaks inside, and blank lines.
 *
 * `row` is the file's line number where the record starts (the header is row 1), which is the
 * number a spreadsheet shows, so a report line points at what the person sees.
 */
export interface CsvRecord {
  row: number
  fields: string[]
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly reason: 'unterminated_quote' | 'row_too_long',
    message: string,
  ) {
    super(message)
  }
}

const QUOTE = 34
const LF = 10
const CR = 13

export class CsvParser {
  private fields: string[] = []
  private field = ''
  private inQuotes = false
  /** A quote seen inside a quoted field: either the end of the field or the first half of "". */
  private quotePending = false
  private crPending = false
  private fieldStarted = false
  private line = 1
  private recordRow = 1
  private recordChars = 0
  private first = true
  private readonly delim: number

  constructor(
    delimiter = ',',
    private readonly maxRecordChars = 64 * 1024,
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = []
    let s = text
    if (this.first) {
      this.first = false
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
    }
    const n = s.length
    let i = 0
    while (i < n) {
      const c = s.charCodeAt(i)
      if (this.crPending) {
        this.crPending = false
        if (c === LF) {
          i++
          continue
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false
          if (c === QUOTE) {
            this.field += '"'
            i++
            continue
          }
          this.inQuotes = false
          continue // re-read c outside the quotes
        }
        const next = s.indexOf('"', i)
        const end = next === -1 ? n : next
        const chunk = s.slice(i, end)
        for (let k = 0; k < chunk.length; k++) if (chunk.charCodeAt(k) === LF) this.line++
        this.field += chunk
        this.grow(chunk.length)
        if (next === -1) break
        this.quotePending = true
        i = next + 1
        continue
      }
      if (c === QUOTE && !this.fieldStarted) {
        this.inQuotes = true
        this.fieldStarted = true
        i++
        continue
      }
      if (c === this.delim) {
        this.endField()
        i++
        continue
      }
      if (c === LF || c === CR) {
        const record = this.endRecord()
        if (record) out.push(record)
        this.line++
        this.recordRow = this.line
        if (c === CR) this.crPending = true
        i++
        continue
      }
      // Plain run: copy up to the next special character in one slice.
      let j = i + 1
      while (j < n) {
        const d = s.charCodeAt(j)
        if (d === this.delim || d === LF || d === CR) break
        j++
      }
      this.field += s.slice(i, j)
      this.fieldStarted = true
      this.grow(j - i)
      i = j
    }
    return out
  }

  /** Flushes the last record; throws when the file ends inside a quoted field. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvSyntaxError(this.recordRow, 'unterminated_quote', 'A quoted field is never closed')
    }
    this.inQuotes = false
    this.quotePending = false
    const record = this.endRecord()
    return record ? [record] : []
  }

  private grow(chars: number) {
    this.recordChars += chars
    if (this.recordChars > this.maxRecordChars) {
      throw new CsvSyntaxError(
        this.recordRow,
        'row_too_long',
        `A record is longer than ${this.maxRecordChars} characters (often an unclosed quote)`,
      )
    }
  }

  private endField() {
    this.fields.push(this.field)
    this.field = ''
    this.fieldStarted = false
  }

  private endRecord(): CsvRecord | null {
    if (this.inQuotes) return null
    this.endField()
    const fields = this.fields
    this.fields = []
    this.recordChars = 0
    // A blank line is one empty field: skip it.
    if (fields.length === 1 && fields[0] === '') return null
    return { row: this.recordRow, fields }
  }
}
