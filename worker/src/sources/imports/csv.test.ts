import { describe, expect, it } from 'vitest'
import { CsvParser, CsvSyntaxError } from './csv'
import { NdjsonParser } from './ndjson'

/** Feeds text in pieces of `size` characters, as a stream would. */
function parse(text: string, size = text.length, delimiter = ',') {
  const p = new CsvParser(delimiter)
  const out = []
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)))
  out.push(...p.end())
  return out
}

describe('CsvParser', () => {
  const file = '\uFEFFa,b,c\r\n1,"x, y",3\r\n\r\n"he said ""hi""",,"multi\r\nline"\r\nlast,row,here'
  const expected = [
    { row: 1, fields: ['a', 'b', 'c'] },
    { row: 2, fields: ['1', 'x, y', '3'] },
    { row: 4, fields: ['he said "hi"', '', 'multi\r\nline'] },
    { row: 6, fields: ['last', 'row', 'here'] },
  ]

  it('handles BOM, CRLF, quoted commas, escaped quotes, blank lines and line breaks in quotes', () => {
    expect(parse(file)).toEqual(expected)
  })

  it('gives the same records whatever the chunk boundaries (every split of the file)', () => {
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parse(file, size)).toEqual(expected)
  })

  it('accepts LF and lone CR line ends and a trailing newline', () => {
    expect(parse('a,b\n1,2\n')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
    ])
    expect(parse('a\r1\r')).toEqual([
      { row: 1, fields: ['a'] },
      { row: 2, fields: ['1'] },
    ])
  })

  it('other delimiters', () => {
    expect(parse('a;b\n"1;2";3', undefined, ';')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1;2', '3'] },
    ])
  })

  it('an unclosed quote is an error at the row where the record starts', () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError)
    try {
      parse('a,b\n1,"open\n2,3\n')
    } catch (e) {
      expect(e).toMatchObject({ row: 2, reason: 'unterminated_quote' })
    }
  })

  it('a record longer than the cap stops the parse instead of eating memory', () => {
    const p = new CsvParser(',', 100)
    expect(() => {
      p.push(`a\n"${'x'.repeat(200)}`)
      p.end()
    }).toThrow(/longer than 100/)
  })

  /** The error a parse throws, or null. */
  function failure(text: string, size: number, maxRecordChars: number, maxFields?: number) {
    const p = new CsvParser(',', maxRecordChars, maxFields)
    try {
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size))
      p.end()
    } catch (e) {
      if (e instanceof CsvSyntaxError) return { row: e.row, reason: e.reason }
      throw e
    }
    return null
  }

  it('counts every character of a record towards the cap: delimiters and quotes too', () => {
    const tooLong = { row: 2, reason: 'row_too_long' }
    for (const size of [1, 7, 1000]) {
      // 100 characters pass, 101 do not, however they are made up.
      expect(failure(`h\n${'a,'.repeat(49)}bb\n`, size, 100)).toBeNull()
      expect(failure(`h\n${'a,'.repeat(50)}b\n`, size, 100)).toEqual(tooLong)
      expect(failure(`h\n${','.repeat(101)}`, size, 100)).toEqual(tooLong)
      expect(failure(`h\n"${'""'.repeat(50)}"`, size, 100)).toEqual(tooLong)
      expect(failure(`h\n${'"",'.repeat(34)}`, size, 100)).toEqual(tooLong)
    }
  })

  it('hands out the records before the one over a limit, then throws', () => {
    const p = new CsvParser(',', 100)
    expect(p.push(`a,b\n1,2\n${','.repeat(200)}\n3,4\n`)).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
    ])
    expect(() => p.end()).toThrow(/longer than 100/)
  })

  it('caps the fields of the whole file; blank lines do not count', () => {
    expect(failure('a,b\n\n\n1,2\n3,4\n5,6\n7,8', 3, 100, 10)).toBeNull()
    expect(failure('a,b\n\n\n1,2\n3,4\n5,6\n7,8\n9,0', 3, 100, 10)).toEqual({
      row: 8,
      reason: 'too_many_fields',
    })
  })
})

describe('NdjsonParser', () => {
  it('parses objects per line across chunks and reports bad lines with their numbers', () => {
    const p = new NdjsonParser()
    const text = '{"a":1}\r\n\n[1]\n{bad\n{"b":"x\\ny"}'
    const out = [...p.push(text.slice(0, 5)), ...p.push(text.slice(5)), ...p.end()]
    expect(out).toEqual([
      { row: 1, value: { a: 1 } },
      { row: 3, error: 'not_an_object' },
      { row: 4, error: 'invalid_json' },
      { row: 5, value: { b: 'x\ny' } },
    ])
  })
})
