/**
 * Streams rows page by page as NDJSON or CSV: only one page (a few MB) is ever in memory, and
 * the first bytes leave before the last page is read.
 */
export type ExportFormat = 'ndjson' | 'csv'

/** RFC 4180 quoting; a leading = + - @ gets a ' so spreadsheets never run a cell as a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function rowStream<R extends Record<string, unknown>>(
  format: ExportFormat,
  columns: string[],
  nextPage: (last: R | null) => Promise<R[]>,
  transform: (row: R) => Record<string, unknown> = (r) => r,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  let last: R | null = null
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let out = ''
      if (!started && format === 'csv') out += `${columns.join(',')}\n`
      started = true
      const rows = await nextPage(last)
      for (const r of rows) {
        const row = transform(r)
        out +=
          format === 'ndjson'
            ? `${JSON.stringify(row)}\n`
            : `${columns.map((c) => csvCell(row[c])).join(',')}\n`
      }
      if (out) controller.enqueue(enc.encode(out))
      if (rows.length === 0) controller.close()
      else last = rows.at(-1)!
    },
  })
}

export function exportHeaders(format: ExportFormat, name: string) {
  return {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    'content-disposition': `attachment; filename="${name}.${format === 'csv' ? 'csv' : 'ndjson'}"`,
    'cache-control': 'no-store',
  }
}
