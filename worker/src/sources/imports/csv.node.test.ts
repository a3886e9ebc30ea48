import { parse as referenceParse } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvParser } from './csv'

/**
 * Differential test: any well-formed RFC 4180 file, cut into chunks anywhere, gives the same
 * records from Heed's streaming parser as from csv-parse, a widely used reference parser.
 */
const LINE_ENDS = ['\n', '\r\n', '\r'] as const

/** Text of an unquoted field: no quote, delimiter or line break. */
const bare = (delimiter: string) =>
  fc.string({
    unit: fc.constantFrom('a', 'Z', '1', ' ', '.', 'é', '😀', '\t', "'", delimiter === ';' ? ',' : ';'),
  })
/** Any text, quoted: quotes doubled, delimiters and line breaks kept inside. */
const quotable = fc.string({ unit: fc.constantFrom('a', ' ', '"', ',', ';', '\n', '\r', 'é', '😀') })

const field = (delimiter: string) =>
  fc.oneof(
    bare(delimiter).map((value) => ({ value, raw: value })),
    quotable.map((value) => ({ value, raw: `"${value.replaceAll('"', '""')}"` })),
  )

const file = fc.constantFrom(',', ';').chain((delimiter) =>
  fc.record({
    delimiter: fc.constant(delimiter),
    // A record of one empty field is a blank line, which both parsers skip: one field is never empty.
    records: fc.array(
      fc.oneof(
        bare(delimiter)
          .filter((v) => v !== '')
          .map((value) => [{ value, raw: value }]),
        fc.array(field(delimiter), { minLength: 2, maxLength: 6 }),
      ),
      { minLength: 1, maxLength: 12 },
    ),
    ends: fc.array(fc.constantFrom(...LINE_ENDS), { minLength: 12, maxLength: 12 }),
    trailingEnd: fc.boolean(),
    bom: fc.boolean(),
    chunk: fc.integer({ min: 1, max: 40 }),
  }),
)

describe('CsvParser against csv-parse', () => {
  it('agrees on every record of generated files, whatever the chunk size', () => {
    fc.assert(
      fc.property(file, ({ delimiter, records, ends, trailingEnd, bom, chunk }) => {
        let text = bom ? '\uFEFF' : ''
        records.forEach((r, i) => {
          text += r.map((f) => f.raw).join(delimiter)
          if (i < records.length - 1 || trailingEnd) text += ends[i]
        })
        const reference: string[][] = referenceParse(text, {
          bom: true,
          delimiter,
          record_delimiter: ['\r\n', '\n', '\r'],
          relax_column_count: true,
          skip_empty_lines: true,
        })
        const parser = new CsvParser(delimiter)
        const ours: string[][] = []
        for (let i = 0; i < text.length; i += chunk)
          for (const r of parser.push(text.slice(i, i + chunk))) ours.push(r.fields)
        for (const r of parser.end()) ours.push(r.fields)
        expect(ours).toEqual(reference)
      }),
      { numRuns: 500 },
    )
  })
})
