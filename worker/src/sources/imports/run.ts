import type { Site } from '../../site/load'
import type { Env } from '../../env'
import { EncryptionKeyError, type SealKeys, sealKeys } from '../../lib/seal'
import { siteSalt } from '../identity/identifiers'
import { commitStaged, discardImport } from './commit'
import { MAX_IMPORT_BYTES, type ImportOptions } from './options'
import { Report, type ReportJson } from './report'
import { stageFile } from './stage'

export type ImportStatus = 'validating' | 'committing' | 'committed' | 'validated' | 'rejected' | 'failed'

export interface ImportSummary {
  id: string
  site: string
  kind: string
  format: string
  source: string
  channel: string
  basis: string
  status: ImportStatus
  rows: { total: number; imported: number; duplicates: number; rejected: number; suppressed: number }
  flagged: boolean
  createdAt: number
  completedAt: number | null
  report: ReportJson
}

export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  | { ok: false; status: 400 | 409 | 413 | 422; code: string; message: string; summary?: ImportSummary }

/** Whether the site keeps raw contacts (encrypted) besides their hashes. */
export function keepsContacts(site: Site): boolean {
  const sources = site.settings.sources as { keepContacts?: unknown } | undefined
  return sources?.keepContacts === true
}

/**
 * Runs one import end to end: validate and stage the whole stream, then commit only if no row
 * had an error. The imports row records the declared source, channel and lawful basis, the counts
 * and the report, whatever the outcome.
 */
export async function runImport(
  env: Env,
  site: Site,
  options: ImportOptions,
  body: ReadableStream<Uint8Array>,
  opts: { now?: number; maxBytes?: number } = {},
): Promise<ImportOutcome> {
  const now = opts.now ?? Date.now()
  let keys: SealKeys | null = null
  if (keepsContacts(site)) {
    try {
      keys = await sealKeys(env)
      if (!keys.current) throw new EncryptionKeyError('ENCRYPTION_KEY is not set')
    } catch (err) {
      if (!(err instanceof EncryptionKeyError)) throw err
      return {
        ok: false,
        status: 409,
        code: 'encryption_key_missing',
        message: `This site keeps contact details encrypted, but ${err.message}`,
      }
    }
  }
  const d1 = env.DB
  const id = crypto.randomUUID()
  await d1
    .prepare(
      `INSERT INTO imports (id, site_id, kind, format, source_label, channel, lawful_basis, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'validating', ?)`,
    )
    .bind(
      id,
      site.id,
      options.kind,
      options.format,
      options.sourceLabel,
      options.channel,
      options.lawfulBasis,
      now,
    )
    .run()

  const report = new Report()
  const finish = async (
    status: ImportStatus,
    rows: ImportSummary['rows'],
    flagged: boolean,
  ): Promise<ImportSummary> => {
    const completedAt = Date.now()
    await d1.batch([
      d1
        .prepare(
          `UPDATE imports SET status = ?2, rows_total = ?3, rows_imported = ?4, rows_duplicate = ?5, rows_rejected = ?6,
             rows_suppressed = ?7, flagged = ?8, report = ?9, completed_at = ?10 WHERE id = ?1`,
        )
        .bind(
          id,
          status,
          rows.total,
          rows.imported,
          rows.duplicates,
          rows.rejected,
          rows.suppressed,
          flagged ? 1 : 0,
          JSON.stringify(report.toJSON()),
          completedAt,
        ),
      d1.prepare('DELETE FROM import_staging WHERE import_id = ?').bind(id),
    ])
    return {
      id,
      site: site.id,
      kind: options.kind,
      format: options.format,
      source: options.sourceLabel,
      channel: options.channel,
      basis: options.lawfulBasis,
      status,
      rows,
      flagged,
      createdAt: now,
      completedAt,
      report: report.toJSON(),
    }
  }

  const staged = await stageFile(
    {
      d1,
      siteId: site.id,
      importId: id,
      options,
      defaultCurrency: site.currency,
      salt: await siteSalt(d1, site.id, now),
      sealKeys: keys,
      report,
      maxBytes: opts.maxBytes ?? MAX_IMPORT_BYTES,
      now,
    },
    body,
  )
  const rejectedRows = report.rejectedRows
  const base = {
    total: staged.rows,
    imported: 0,
    duplicates: staged.inFileDuplicates,
    rejected: 0,
    suppressed: 0,
  }
  if (staged.tooLarge) {
    const summary = await finish('rejected', base, false)
    return {
      ok: false,
      status: 413,
      code: 'too_large',
      message: `Imports are limited to ${opts.maxBytes ?? MAX_IMPORT_BYTES} bytes`,
      summary,
    }
  }
  if (staged.stopped || report.errors > 0) {
    // Every row with an error is counted once, however many fields were wrong in it.
    const summary = await finish('rejected', { ...base, rejected: rejectedRows }, false)
    // A limit stopped the read: the report covers only the rows before it.
    if (staged.stopped)
      return {
        ok: false,
        status: 400,
        code: staged.stopped.code,
        message: `${staged.stopped.message}; nothing was imported`,
        summary,
      }
    return {
      ok: false,
      status: 422,
      code: 'invalid_rows',
      message: `${report.errors} problem(s) found; nothing was imported`,
      summary,
    }
  }
  if (options.dryRun) return { ok: true, summary: await finish('validated', base, false) }

  await d1.prepare(`UPDATE imports SET status = 'committing' WHERE id = ?`).bind(id).run()
  try {
    const c = await commitStaged(d1, site.id, id, options, report, now)
    const summary = await finish(
      'committed',
      {
        ...base,
        imported: c.imported,
        duplicates: base.duplicates + c.duplicates,
        suppressed: c.suppressed,
      },
      c.flaggedRows > 0,
    )
    return { ok: true, summary }
  } catch (err) {
    await discardImport(d1, site.id, id)
    await finish('failed', base, false)
    throw err
  }
}

/** Reads one import back (summary with its stored report). */
export async function getImport(d1: D1Database, siteId: string, id: string): Promise<ImportSummary | null> {
  const r = await d1
    .prepare('SELECT * FROM imports WHERE site_id = ? AND id = ?')
    .bind(siteId, id)
    .first<Record<string, unknown>>()
  return r ? toSummary(r) : null
}

export async function listImports(d1: D1Database, siteId: string, limit = 50): Promise<ImportSummary[]> {
  const { results } = await d1
    .prepare('SELECT * FROM imports WHERE site_id = ? ORDER BY created_at DESC, id LIMIT ?')
    .bind(siteId, limit)
    .all<Record<string, unknown>>()
  return results.map(toSummary)
}

function toSummary(r: Record<string, unknown>): ImportSummary {
  return {
    id: r.id as string,
    site: r.site_id as string,
    kind: r.kind as string,
    format: r.format as string,
    source: r.source_label as string,
    channel: r.channel as string,
    basis: r.lawful_basis as string,
    status: r.status as ImportStatus,
    rows: {
      total: r.rows_total as number,
      imported: r.rows_imported as number,
      duplicates: r.rows_duplicate as number,
      rejected: r.rows_rejected as number,
      suppressed: r.rows_suppressed as number,
    },
    flagged: r.flagged === 1,
    createdAt: r.created_at as number,
    completedAt: (r.completed_at as number | null) ?? null,
    report: JSON.parse((r.report as string) || '{}') as ReportJson,
  }
}
