import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { insertEvents } from '../../../test/raw-rows'
import { csvCell } from './lib/stream'
import { call } from '../../../test/api'

const SITE = 'api-export'
const DAY = Date.parse('2026-06-01T00:00:00Z')
const N = 100_000
let key: string

beforeAll(async () => {
  await createSite({ id: SITE })
  key = await createKey(SITE, ['read'])
  // 100,000 events spread over one UTC day, in bulk json_each inserts.
  const rows = Array.from({ length: N }, (_, i) => ({
    site_id: SITE,
    id: `e${String(i).padStart(6, '0')}`,
    ts: DAY + Math.floor((i * 86_000_000) / N),
    vid: `v${i % 997}`,
    sid: `s${i % 5000}`,
    path: `/p/${i % 50}`,
  }))
  await insertEvents(env.DB, rows)
}, 120_000)

describe('exports', () => {
  it('streams 100,000 events as NDJSON in chunks, oldest first, each exactly once', async () => {
    const res = await fetchExport('format=ndjson')
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    const reader = res.body!.getReader()
    const dec = new TextDecoder()
    let chunks = 0
    let lines = 0
    let tail = ''
    let lastId = ''
    let lastTs = 0
    let ordered = true
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      const text = tail + dec.decode(value, { stream: true })
      const parts = text.split('\n')
      tail = parts.pop()!
      for (const line of parts) {
        const e = JSON.parse(line) as { id: string; ts: number }
        if (e.ts < lastTs || (e.ts === lastTs && e.id <= lastId)) ordered = false
        lastTs = e.ts
        lastId = e.id
        lines++
      }
    }
    expect(tail).toBe('')
    expect(lines).toBe(N)
    expect(ordered).toBe(true)
    expect(chunks).toBeGreaterThanOrEqual(N / 5_000) // one chunk per 5,000-row page: never the whole set at once
  }, 120_000)

  it('exports CSV with a header and safe cells', async () => {
    const res = await fetchExport('format=csv')
    const text = await res.text()
    const lines = text.trimEnd().split('\n')
    expect(lines[0]!.startsWith('id,type,ts,received_at,vid,sid,url,path')).toBe(true)
    expect(lines).toHaveLength(N + 1)
    expect(csvCell('a,"b"')).toBe('"a,""b"""')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell(null)).toBe('')
  }, 120_000)

  it('exports profiles (none yet: an empty NDJSON body)', async () => {
    const res = await call(`/sites/${SITE}/exports/profiles`, { key })
    expect(res.status).toBe(200)
    expect(res.text).toBe('')
  })
})

async function fetchExport(query: string) {
  const { SELF } = await import('cloudflare:test')
  const res = await SELF.fetch(
    `https://heed.test/api/v1/sites/${SITE}/exports/events?period=custom&from=2026-06-01&to=2026-06-01&${query}`,
    { headers: { authorization: `Bearer ${key}` } },
  )
  expect(res.status).toBe(200)
  return res
}
