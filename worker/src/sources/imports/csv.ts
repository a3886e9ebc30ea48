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

/** Characters of one record at most, counting every delimiter, quote and line break in it. */
export const MAX_RECORD_CHARS = 64 * 1024

/**
 * Fields of one file at most (250,000 rows of 20 columns). The record cap bounds memory; this
 * bounds the work, since a file of short lines (",,,\n") makes millions of records to check.
 */
export const MAX_FILE_FIELDS = 5_000_000

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    readonly reason: 'unterminated_quote' | 'row_too_long' | 'too_many_fields',
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
  private fileFields = 0
  private failure: CsvSyntaxError | null = null
  private first = true
  private readonly delim: number

  constructor(
    delimiter = ',',
    private readonly maxRecordChars = MAX_RECORD_CHARS,
    private readonly maxFields = MAX_FILE_FIELDS,
  ) {
    this.delim = delimiter.charCodeAt(0)
  }

  /**
   * Complete records in `text`. A record over a limit throws, but only once the records before it
   * have been handed out: the next push() or end() throws it.
   */
  push(text: string): CsvRecord[] {
    if (this.failure) throw this.failure
    const out: CsvRecord[] = []
    try {
      this.read(text, out)
    } catch (err) {
      if (!(err instanceof CsvSyntaxError) || out.length === 0) throw err
      this.failure = err
    }
    return out
  }

  private read(text: string, out: CsvRecord[]) {
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
            this.grow(1)
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
        // The quote found counts too: a field of "" pairs grows by one character per two.
        this.grow(chunk.length + (next === -1 ? 0 : 1))
        if (next === -1) break
        this.quotePending = true
        i = next + 1
        continue
      }
      if (c === QUOTE && !this.fieldStarted) {
        this.inQuotes = true
        this.fieldStarted = true
        this.grow(1)
        i++
        continue
      }
      if (c === this.delim) {
        // Each delimiter adds a field: a line of only delimiters must reach the cap as well.
        this.grow(1)
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
  }

  /** Flushes the last record; throws when the file ends inside a quoted field. */
  end(): CsvRecord[] {
    if (this.failure) throw this.failure
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
    this.fileFields += fields.length
    if (this.fileFields > this.maxFields) {
      throw new CsvSyntaxError(
        this.recordRow,
        'too_many_fields',
        `The file has more than ${this.maxFields} fields; split it into smaller files`,
      )
    }
    return { row: this.recordRow, fields }
  }
}
