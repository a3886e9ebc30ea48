import {
  identifierKey,
  type LinkInput,
  normalizeEmail,
  normalizePhone,
  syntheticVid,
  vidKey,
} from '../identity/identifiers'
import { type SealKeys, seal } from '../../lib/seal'
import { CsvParser, CsvSyntaxError } from './csv'
import {
  columnResolver,
  invalidTargets,
  keyFieldOf,
  type OfflineRow,
  requiredFields,
  validateRow,
} from './fields'
import { LineTooLongError, NdjsonParser } from './ndjson'
import type { ImportOptions } from './options'
import type { Report } from './report'

/**
 * Pass one of an import: streams the file, validates every row into the report, and — while no
 * error has been found — writes the valid rows (identifiers already hashed) to import_staging in
 * chunks. Nothing reaches offline_records here, so a file with one bad row leaves no trace.
 */
export interface StagedRow {
  r: number
  k: string
  ts: number
  /** Synthetic visitor id of the row's person, or null for an anonymous row. */
  vid: string | null
  links: LinkInput[]
  store: string | null
  orderId: string | null
  value: number | null
  currency: string | null
  data: Record<string, unknown>
}

export interface StageContext {
  d1: D1Database
  siteId: string
  importId: string
  options: ImportOptions
  defaultCurrency: string
  salt: string
  /** Present when the site keeps contacts (sealed, lib/seal.ts); otherwise only hashes are kept. */
  sealKeys: SealKeys | null
  report: Report
  maxBytes: number
  now: number
}

export interface StageResult {
  /** Data rows read (excluding header and blank lines). */
  rows: number
  staged: number
  /** Rows skipped because their source key already appeared earlier in the file. */
  inFileDuplicates: number
  tooLarge: boolean
  /** A limit that stopped the read (a record too long, too many fields): the rest was not checked. */
  stopped: { code: 'row_too_long' | 'too_many_fields'; message: string } | null
}

const STAGE_CHUNK = 250

async function rowKey(row: OfflineRow, record: Record<string, unknown>): Promise<string> {
  if (row.sourceKey) return row.sourceKey
  // No key column: identical rows are the same record. Hash the row's fields in a stable order.
  const canonical = JSON.stringify(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  )
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))
  return `h:${[...new Uint8Array(digest)]
    .slice(0, 16)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')}`
}

async function linksOf(
  ctx: StageContext,
  row: OfflineRow,
): Promise<{ vid: string | null; links: LinkInput[] }> {
  const ids: { kind: 'customer' | 'user' | 'email' | 'phone'; raw: string; key: string }[] = []
  for (const kind of ['customer', 'user', 'email', 'phone'] as const) {
    const raw = row.ids[kind]
    const key = raw ? await identifierKey(ctx.salt, kind, raw) : null
    if (raw && key) ids.push({ kind, raw, key })
  }
  if (!ids.length) return { vid: null, links: [] }
  const vid = await syntheticVid(ids[0]!.key)
  const links: LinkInput[] = [{ key: vidKey(vid), kind: 'vid', vid }]
  for (const { kind, raw, key } of ids) {
    const link: LinkInput = { key, kind }
    if (ctx.sealKeys && (kind === 'email' || kind === 'phone')) {
      // A kept contact is the data of the row's visitor: sealed for it, and exported and erased with it.
      const value = (kind === 'email' ? normalizeEmail(raw) : normalizePhone(raw))!
      link.vid = vid
      link.sealed = await seal(ctx.sealKeys, { site: ctx.siteId, visitor: vid, field: kind }, value)
    }
    links.push(link)
  }
  return { vid, links }
}

async function* decode(body: ReadableStream<Uint8Array>, maxBytes: number, onTooLarge: () => void) {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  const reader = body.getReader()
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    if (bytes > maxBytes) {
      onTooLarge()
      await reader.cancel()
      return
    }
    yield decoder.decode(value, { stream: true })
  }
  const tail = decoder.decode()
  if (tail) yield tail
}

export async function stageFile(ctx: StageContext, body: ReadableStream<Uint8Array>): Promise<StageResult> {
  const { options, report } = ctx
  const result: StageResult = { rows: 0, staged: 0, inFileDuplicates: 0, tooLarge: false, stopped: null }
  const resolve = columnResolver(options.kind, options.usePreset, options.mapping)
  const badTargets = invalidTargets(options.kind, options.mapping)
  for (const t of badTargets)
    report.fileError(1, t, 'unknown_field', `mapping target "${t}" is not a field of ${options.kind}`)
  const seen = new Map<string, number>()
  let buffer: StagedRow[] = []

  const flush = async () => {
    if (!buffer.length) return
    const rows = buffer
    buffer = []
    if (report.errors > 0) return
    await ctx.d1
      .prepare(
        `INSERT OR IGNORE INTO import_staging (import_id, source_key, row_no, data)
         SELECT ?1, value ->> 'k', value ->> 'r', value FROM json_each(?2)`,
      )
      .bind(ctx.importId, JSON.stringify(rows))
      .run()
    result.staged += rows.length
  }

  /** Every data row passes here; `record` is null when the row was already rejected whole. */
  const accept = async (
    row: number,
    record: Record<string, unknown> | null,
    columns: Record<string, string>,
  ) => {
    result.rows++
    if (!record) return
    const valid = validateRow(
      { kind: options.kind, defaultCurrency: ctx.defaultCurrency, now: ctx.now, report },
      row,
      record,
      columns,
    )
    if (!valid) return
    const key = await rowKey(valid, record)
    const first = seen.get(key)
    if (first !== undefined) {
      result.inFileDuplicates++
      report.warning(
        row,
        columns[keyFieldOf(options.kind)] ?? columns.key ?? null,
        'duplicate_key',
        `same source key as row ${first}; skipped`,
      )
      return
    }
    seen.set(key, row)
    // Once the file is known to be rejected, hashing and staging are wasted work.
    if (report.errors > 0) return
    const { vid, links } = await linksOf(ctx, valid)
    buffer.push({
      r: row,
      k: key,
      ts: valid.ts,
      vid,
      links,
      store: valid.store,
      orderId: valid.orderId,
      value: valid.value,
      currency: valid.currency,
      data: valid.data,
    })
    if (buffer.length >= STAGE_CHUNK) await flush()
  }

  const chunks = decode(body, ctx.maxBytes, () => {
    result.tooLarge = true
  })
  try {
    if (options.format === 'csv') await stageCsv(ctx, chunks, resolve, accept)
    else await stageNdjson(ctx, chunks, resolve, accept)
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      report.fileError(err.row, null, err.reason, err.message)
      if (err.reason !== 'unterminated_quote') result.stopped = { code: err.reason, message: err.message }
    } else if (err instanceof LineTooLongError) {
      report.fileError(err.row, null, 'row_too_long', err.message)
      result.stopped = { code: 'row_too_long', message: err.message }
    } else if (err instanceof TypeError && /decode|encoding|utf/i.test(err.message))
      report.fileError(result.rows + 1, null, 'invalid_encoding', 'the file is not valid UTF-8')
    else throw err
  }
  if (result.rows === 0 && report.errors === 0)
    report.fileError(1, null, 'empty_file', 'the file has no data rows')
  await flush()
  return result
}

type Accept = (
  row: number,
  record: Record<string, unknown> | null,
  columns: Record<string, string>,
) => Promise<void>
type Resolve = ReturnType<typeof columnResolver>

async function stageCsv(ctx: StageContext, chunks: AsyncIterable<string>, resolve: Resolve, accept: Accept) {
  const parser = new CsvParser(ctx.options.delimiter)
  let header: { targets: (string | null)[]; columns: Record<string, string> } | null = null
  let headerBad = false
  const handle = async (fields: string[], row: number) => {
    if (!header) {
      header = readHeader(ctx, fields, resolve)
      // A missing or doubled column would fail every row the same way: report it once, skip the rows.
      headerBad = ctx.report.errors > 0
      return
    }
    if (headerBad) return
    if (fields.length !== header.targets.length) {
      ctx.report.error(
        row,
        null,
        'field_count',
        `expected ${header.targets.length} fields, found ${fields.length}`,
      )
      return accept(row, null, header.columns)
    }
    const record: Record<string, unknown> = {}
    header.targets.forEach((t, i) => {
      if (t) record[t] = fields[i]
    })
    await accept(row, record, header.columns)
  }
  for await (const text of chunks) for (const rec of parser.push(text)) await handle(rec.fields, rec.row)
  for (const rec of parser.end()) await handle(rec.fields, rec.row)
  if (!header) ctx.report.fileError(1, null, 'empty_file', 'the file has no header row')
}

function readHeader(ctx: StageContext, names: string[], resolve: Resolve) {
  const targets: (string | null)[] = []
  const columns: Record<string, string> = {}
  for (const raw of names) {
    const name = raw.trim()
    const target = resolve(name)
    if (target === undefined) {
      ctx.report.warning(1, name, 'unknown_column', 'column not mapped to any field; ignored')
      targets.push(null)
    } else if (target !== null && columns[target] !== undefined) {
      ctx.report.fileError(1, name, 'duplicate_column', `maps to ${target} like column "${columns[target]}"`)
      targets.push(null)
    } else {
      if (target !== null) columns[target] = name
      targets.push(target)
    }
  }
  for (const field of requiredFields(ctx.options.kind)) {
    if (columns[field] === undefined)
      ctx.report.fileError(1, field, 'missing_column', `no column maps to the required field ${field}`)
  }
  return { targets, columns }
}

async function stageNdjson(
  ctx: StageContext,
  chunks: AsyncIterable<string>,
  resolve: Resolve,
  accept: Accept,
) {
  const parser = new NdjsonParser()
  const targets = new Map<string, string | null | undefined>()
  const handle = async (entry: ReturnType<NdjsonParser['push']>[number]) => {
    if ('error' in entry) {
      ctx.report.error(
        entry.row,
        null,
        entry.error,
        entry.error === 'invalid_json' ? 'not valid JSON' : 'not a JSON object',
      )
      return accept(entry.row, null, {})
    }
    const record: Record<string, unknown> = {}
    const columns: Record<string, string> = {}
    for (const [k, v] of Object.entries(entry.value)) {
      if (!targets.has(k)) {
        const t = resolve(k)
        targets.set(k, t)
        if (t === undefined)
          ctx.report.warning(entry.row, k, 'unknown_column', 'key not mapped to any field; ignored')
      }
      const t = targets.get(k)
      if (t) {
        record[t] = v
        columns[t] = k
      }
    }
    await accept(entry.row, record, columns)
  }
  for await (const text of chunks) for (const e of parser.push(text)) await handle(e)
  for (const e of parser.end()) await handle(e)
}
