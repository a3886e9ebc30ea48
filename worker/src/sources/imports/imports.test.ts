import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKey, createSite } from '../../../test/fixtures'
import { identifierKey, siteSalt } from '../identity/identifiers'
import { callApi, streamLines } from '../../../test/sources-api'

const SITE = 'imports-site'
let key: string
beforeAll(async () => {
  await createSite({ id: SITE, currency: 'EUR' })
  key = await createKey(SITE, ['read', 'write'])
})

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<{ n: number }>())!.n
const upload = (site: string, query: string, body: BodyInit, contentType = 'text/csv', k = key) =>
  callApi(`/sites/${site}/imports?${query}`, { key: k, method: 'POST', body, contentType })

// A till export with every kind of trouble. Row numbers are the file's line numbers (header = 1);
// the quoted multi-line field makes record 9 span lines 9–10, so the next record is row 11.
const BROKEN =
  '\uFEFForder_id,purchased_at,total,currency,customer_id,email,product,notes_internal\r\n' +
  'A-1,2026-11-01T10:00:00Z,19.90,EUR,C-1,ana@example.com,"Boots, red",x\r\n' + // 2 ok, quoted comma
  'A-2,2026-11-02,abc,EUR,C-2,,Socks,y\r\n' + // 3 total not a number
  ',2026-11-03,5.00,EUR,C-3,,Hat,z\r\n' + // 4 order id missing
  'A-4,yesterday,5.00,EUR,C-4,bad-email,Hat,z\r\n' + // 5 date and e-mail wrong
  'A-1,2026-11-01T10:00:00Z,19.90,EUR,C-1,ana@example.com,"Boots, red",x\r\n' + // 6 duplicate of row 2
  'A-6,2026-11-05,7.5,EURO,C-6,,Cap,z\r\n' + // 7 currency
  'A-7,2026-11-05,1,EUR,C-7\r\n' + // 8 too few fields
  '"A-8","2026-11-06","3.00","EUR","C-8","","Multi\r\nline",z\r\n' + // 9–10 ok
  'A-9,2026-11-07,-3,EUR,C-9,,Hat,z\r\n' // 11 negative

const QUERY = 'preset=store_purchases&basis=contract&channel=store-berlin'

describe('offline import: validation report', { timeout: 30_000 }, () => {
  it('a CSV with broken rows gets an exact row-level report and nothing is imported', async () => {
    const res = await upload(SITE, QUERY, BROKEN)
    expect(res.status).toBe(422)
    expect(res.json.error).toEqual({
      code: 'invalid_rows',
      message: '7 problem(s) found; nothing was imported',
    })
    const imp = res.json.import
    expect(imp).toMatchObject({
      status: 'rejected',
      kind: 'purchase',
      source: 'offline',
      channel: 'store-berlin',
      basis: 'contract',
      rows: { total: 9, imported: 0, duplicates: 1, rejected: 6, suppressed: 0 },
    })
    expect(imp.report.issues.map((i: any) => [i.row, i.field, i.reason, i.level])).toEqual([
      [1, 'notes_internal', 'unknown_column', 'warning'],
      [3, 'total', 'not_a_number', 'error'],
      [4, 'order_id', 'missing_required', 'error'],
      [5, 'purchased_at', 'not_a_date', 'error'],
      [5, 'email', 'invalid_email', 'error'],
      [6, 'order_id', 'duplicate_key', 'warning'],
      [7, 'currency', 'invalid_currency', 'error'],
      [8, null, 'field_count', 'error'],
      [11, 'total', 'negative', 'error'],
    ])
    expect(imp.report).toMatchObject({ errors: 7, warnings: 2, truncated: false })
    // No value from the file is echoed into the report.
    expect(JSON.stringify(imp.report)).not.toContain('bad-email')
    for (const table of ['offline_records', 'orders', 'identity_links', 'persons'])
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`, SITE)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM import_staging')).toBe(0)
    // The rejected import is kept with its report.
    const again = await callApi(`/sites/${SITE}/imports/${imp.id}`, { key })
    expect(again.json).toMatchObject({ id: imp.id, status: 'rejected', report: { errors: 7 } })
  })

  it('the good rows of that file import; importing the file again changes nothing', async () => {
    const good = BROKEN.split('\r\n')
      .filter((_, i) => [0, 1, 5, 8, 9].includes(i))
      .join('\r\n')
    const first = await upload(SITE, QUERY, good)
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({
      status: 'committed',
      rows: { total: 3, imported: 2, duplicates: 1, rejected: 0 },
      flagged: false,
    })
    const records = await env.DB.prepare(
      'SELECT source_key, kind, value, currency, store, channel, lawful_basis, data FROM offline_records WHERE site_id = ? ORDER BY source_key',
    )
      .bind(SITE)
      .all()
    expect(records.results).toEqual([
      {
        source_key: 'A-1',
        kind: 'purchase',
        value: 19.9,
        currency: 'EUR',
        store: null,
        channel: 'store-berlin',
        lawful_basis: 'contract',
        // A product name without a product id makes no item.
        data: '{}',
      },
      expect.objectContaining({ source_key: 'A-8', value: 3 }),
    ])
    expect(
      await count(
        `SELECT count(*) AS n FROM orders WHERE site_id = ? AND source = 'offline:store-berlin'`,
        SITE,
      ),
    ).toBe(2)

    const again = await upload(SITE, QUERY, good)
    expect(again.status).toBe(201)
    expect(again.json.rows).toEqual({ total: 3, imported: 0, duplicates: 3, rejected: 0, suppressed: 0 })
    expect(await count('SELECT count(*) AS n FROM offline_records WHERE site_id = ?', SITE)).toBe(2)
    expect(await count('SELECT count(*) AS n FROM orders WHERE site_id = ?', SITE)).toBe(2)

    // Identifiers became hashed links of one person per customer; the raw e-mail is nowhere.
    const salt = await siteSalt(env.DB, SITE)
    const emailKey = await identifierKey(salt, 'email', 'ANA@example.com')
    expect(
      await count('SELECT count(*) AS n FROM identity_links WHERE site_id = ? AND key = ?', SITE, emailKey),
    ).toBe(1)
    const dump = JSON.stringify(
      (await env.DB.prepare('SELECT * FROM identity_links WHERE site_id = ?').bind(SITE).all()).results,
    )
    expect(dump).not.toContain('ana@example.com')
    expect(await count('SELECT count(*) AS n FROM persons WHERE site_id = ?', SITE)).toBe(2)
  })

  it("reads dates and times without an offset in the site's time zone, across its DST switch", async () => {
    const la = 'imports-los-angeles'
    await createSite({ id: la, currency: 'USD', timezone: 'America/Los_Angeles' })
    const laKey = await createKey(la, ['write'])
    const csv =
      'order_id,purchased_at,total\n' +
      'L-1,2026-11-01,10\n' + // midnight, still PDT (UTC−7): DST ends at 02:00 that day
      'L-2,2026-11-01 14:30,20\n' + // afternoon, PST (UTC−8)
      'L-3,2026-11-01T10:00:00Z,30\n' + // an offset is kept as given
      'L-4,2026-10-31T23:00:00-07:00,40\n'
    const res = await upload(la, 'preset=store_purchases&basis=contract', csv, 'text/csv', laKey)
    expect(res.status).toBe(201)
    const orders = await env.DB.prepare('SELECT order_id, ts FROM orders WHERE site_id = ? ORDER BY order_id')
      .bind(la)
      .all()
    expect(orders.results).toEqual([
      { order_id: 'L-1', ts: Date.parse('2026-11-01T07:00:00Z') },
      { order_id: 'L-2', ts: Date.parse('2026-11-01T22:30:00Z') },
      { order_id: 'L-3', ts: Date.parse('2026-11-01T10:00:00Z') },
      { order_id: 'L-4', ts: Date.parse('2026-11-01T06:00:00Z') },
    ])
  })

  it('rejects bad options and unknown mapping targets before reading rows', async () => {
    expect((await upload(SITE, 'preset=store_purchases', 'a\n1')).status).toBe(400) // basis missing
    const bad = await upload(
      SITE,
      `kind=purchase&basis=consent&mapping=${encodeURIComponent('{"Total":"amount"}')}`,
      'Total\n1',
    )
    expect(bad.status).toBe(422)
    expect(bad.json.import.report.issues[0]).toMatchObject({
      row: 1,
      field: 'amount',
      reason: 'unknown_field',
    })
    const notJson = await upload(SITE, 'kind=purchase&basis=consent&mapping=nope', 'a\n1')
    expect(notJson.status).toBe(400)
    expect(notJson.json.error.code).toBe('invalid_request')
  })

  it('NDJSON with a mapping, surveys with answers, and a missing column reported once', async () => {
    const ndjson =
      '{"rid":"r1","at":"2026-10-01","nps":9,"comment":"Great, call me at +49 30 1234567","customer":"C-1"}\n' +
      '{"rid":"r2","at":1790000000,"nps":"7"}\n'
    const mapping = encodeURIComponent(
      JSON.stringify({
        rid: 'response_id',
        at: 'ts',
        nps: 'answer:nps',
        comment: 'answer:comment',
        customer: 'customer_id',
      }),
    )
    const res = await upload(
      SITE,
      `kind=survey&basis=consent&channel=survey-2026&mapping=${mapping}`,
      ndjson,
      'application/x-ndjson',
    )
    expect(res.status).toBe(201)
    expect(res.json.rows).toMatchObject({ total: 2, imported: 2 })
    const r1 = await env.DB.prepare(
      `SELECT data, vid FROM offline_records WHERE site_id = ? AND source_key = 'r1'`,
    )
      .bind(SITE)
      .first<{ data: string; vid: string }>()
    // Free text is scrubbed of contact details like any event text.
    expect(JSON.parse(r1!.data)).toEqual({ answers: { nps: 9, comment: 'Great, call me at [phone]' } })
    expect(r1!.vid).toMatch(/^x[0-9a-f]{32}$/)

    const missing = await upload(SITE, 'preset=store_purchases&basis=contract', 'order_id,total\nA,1\nB,2\n')
    expect(missing.status).toBe(422)
    expect(missing.json.import.report.issues).toEqual([
      expect.objectContaining({ row: 1, field: 'ts', reason: 'missing_column' }),
    ])
  })
})

describe('offline import: items', { timeout: 30_000 }, () => {
  it('item ids and names in a file lose personal data as on the web', async () => {
    const site = 'imports-items'
    await createSite({ id: site, currency: 'EUR' })
    const k = await createKey(site, ['write'])
    const ndjson =
      '{"order_id":"I-1","ts":"2026-10-02","value":5,"items":[{"id":"gift:ana@example.com","name":"Card for ana@example.com","price":5}]}\n'
    const res = await upload(
      site,
      'kind=purchase&basis=contract&channel=web-shop',
      ndjson,
      'application/x-ndjson',
      k,
    )
    expect(res.status).toBe(201)
    const order = await env.DB.prepare(`SELECT items FROM orders WHERE site_id = ? AND order_id = 'I-1'`)
      .bind(site)
      .first<{ items: string }>()
    expect(JSON.parse(order!.items)).toEqual([
      { id: 'gift:[email]', name: 'Card for [email]', category: null, price: 5, quantity: null },
    ])
  })
})

describe('offline import: size', { timeout: 30_000 }, () => {
  it('a 10 MB file with two broken rows: exact report, nothing half-imported', async () => {
    const rows = 110_000 // ≈ 10.2 MB of CSV
    const line = (i: number) =>
      i === 0
        ? `X-${i},2026-11-01,oops,EUR,C-${i % 5000},,Product number ${i} with a long name,north-store-00${i % 10}`
        : i === rows - 1
          ? `X-${i},2026-13-45,1.00,EUR,C-${i % 5000},,Product number ${i} with a long name,north-store-00${i % 10}`
          : `X-${i},2026-11-01T12:00:00Z,${(i % 90) + 10}.50,EUR,C-${i % 5000},,Product number ${i} with a long name,north-store-00${i % 10}`
    let bytes = 0
    for (let i = 0; i < rows; i++) bytes += line(i).length + 2
    expect(bytes).toBeGreaterThan(10_000_000)
    const body = streamLines(
      'order_id,purchased_at,total,currency,customer_id,email,product,store',
      rows,
      line,
    )
    const res = await upload('imports-big', QUERY, body, 'text/csv', await bigKey())
    expect(res.status).toBe(422)
    expect(res.json.import.rows).toEqual({
      total: rows,
      imported: 0,
      duplicates: 0,
      rejected: 2,
      suppressed: 0,
    })
    expect(res.json.import.report.issues).toEqual([
      expect.objectContaining({ row: 2, field: 'total', reason: 'not_a_number' }),
      expect.objectContaining({ row: rows + 1, field: 'purchased_at', reason: 'not_a_date' }),
    ])
    expect(await count(`SELECT count(*) AS n FROM offline_records WHERE site_id = 'imports-big'`)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM import_staging')).toBe(0)
  }, 120_000)

  it('100,000 rows stream in and commit', async () => {
    const rows = 100_000
    const body = streamLines(
      'order_id,purchased_at,total,customer_id',
      rows,
      (i) => `L-${i},2026-10-${String((i % 28) + 1).padStart(2, '0')},${(i % 50) + 1},K-${i % 20000}`,
    )
    const res = await upload('imports-big', QUERY, body, 'text/csv', await bigKey())
    expect(res.status).toBe(201)
    expect(res.json.rows).toEqual({ total: rows, imported: rows, duplicates: 0, rejected: 0, suppressed: 0 })
    expect(await count(`SELECT count(*) AS n FROM offline_records WHERE site_id = 'imports-big'`)).toBe(rows)
    // Σ ((i mod 50) + 1) over 100,000 rows = 2,000 full cycles × (1 + … + 50) = 2,000 × 1,275.
    expect(await count(`SELECT sum(value) AS n FROM orders WHERE site_id = 'imports-big'`)).toBe(2_550_000)
    // 20,000 distinct customers → 20,000 persons.
    expect(await count(`SELECT count(*) AS n FROM persons WHERE site_id = 'imports-big'`)).toBe(20_000)
  }, 300_000)
})

let big: string | null = null
async function bigKey() {
  if (!big) {
    await createSite({ id: 'imports-big' })
    big = await createKey('imports-big', ['write'])
  }
  return big
}

describe('offline import: limits of the parse', { timeout: 60_000 }, () => {
  const site = 'imports-limits'
  let limitsKey: string
  beforeAll(async () => {
    await createSite({ id: site })
    limitsKey = await createKey(site, ['write'])
  })
  const nothingStored = async () => {
    for (const table of ['offline_records', 'orders', 'identity_links'])
      expect([table, await count(`SELECT count(*) AS n FROM ${table} WHERE site_id = ?`, site)]).toEqual([
        table,
        0,
      ])
    expect(await count('SELECT count(*) AS n FROM import_staging')).toBe(0)
  }

  it('a CSV line of only delimiters stops at the 64 KiB record cap with a 400', async () => {
    const res = await upload(
      site,
      QUERY,
      `order_id,purchased_at,total\r\n${','.repeat(1 << 20)}\r\n`,
      'text/csv',
      limitsKey,
    )
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({
      code: 'row_too_long',
      message: 'A record is longer than 65536 characters (often an unclosed quote); nothing was imported',
    })
    expect(res.json.import.status).toBe('rejected')
    expect(res.json.import.report.issues).toEqual([
      {
        row: 2,
        field: null,
        reason: 'row_too_long',
        message: 'A record is longer than 65536 characters (often an unclosed quote)',
        level: 'error',
      },
    ])
    await nothingStored()
  })

  it('a file of more than 5,000,000 fields gets a 400; rows staged before the cap are dropped', async () => {
    // 200 columns: 3 the import reads and 197 it ignores. 25,000 records (header included) fill
    // the cap exactly; the record after them passes it.
    const extra = Array.from({ length: 197 }, (_, i) => `x${i}`)
    const body = streamLines(
      ['order_id', 'purchased_at', 'total', ...extra].join(','),
      25_100,
      (i) => `F-${i},2026-11-01,1${','.repeat(197)}`,
    )
    const res = await upload(site, QUERY, body, 'text/csv', limitsKey)
    expect(res.status).toBe(400)
    const message = 'The file has more than 5000000 fields; split it into smaller files'
    expect(res.json.error).toEqual({ code: 'too_many_fields', message: `${message}; nothing was imported` })
    expect(res.json.import.status).toBe('rejected')
    expect(res.json.import.rows).toEqual({
      total: 24_999,
      imported: 0,
      duplicates: 0,
      rejected: 0,
      suppressed: 0,
    })
    expect(res.json.import.report.counts).toEqual({ unknown_column: 197, too_many_fields: 1 })
    expect(res.json.import.report.issues.at(-1)).toEqual({
      row: 25_001,
      field: null,
      reason: 'too_many_fields',
      message,
      level: 'error',
    })
    await nothingStored()
  })
})
