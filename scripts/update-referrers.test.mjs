import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { sourceName, tableJson, toTable } from './update-referrers.mjs'

// A few entries in the layout of Snowplow's referers.yml.
const SAMPLE = `
unknown:
  Google:
    domains:
      - maps.google.com
email:
  Yahoo! Mail:
    domains:
      - mail.yahoo.com
social:
  Facebook:
    domains:
      - facebook.com
      - www.facebook.com
search:
  Google:
    parameters:
      - q
    domains:
      - www.google.com
      - maps.google.com
`

describe('update-referrers', () => {
  it('turns referers.yml into host → [medium, source], first entry winning, without www.', () => {
    expect(toTable(parse(SAMPLE))).toEqual({
      'maps.google.com': ['referral', 'google'],
      'mail.yahoo.com': ['email', 'yahoo-mail'],
      'facebook.com': ['social', 'facebook'],
      'google.com': ['search', 'google'],
    })
    expect(sourceName('Yahoo!')).toBe('yahoo')
  })

  it('writes JSON that parses back to the table, as the checked-in file is', () => {
    const hosts = toTable(parse(SAMPLE))
    expect(JSON.parse(tableJson('1.2.3', hosts))).toEqual({
      source: 'referer-parser',
      version: '1.2.3',
      license: 'Apache-2.0',
      hosts,
    })
    const checkedIn = readFileSync(
      new URL('../worker/src/ingest/referrer-hosts.json', import.meta.url),
      'utf8',
    )
    const table = JSON.parse(checkedIn)
    expect(tableJson(table.version, table.hosts)).toBe(checkedIn)
  })
})
