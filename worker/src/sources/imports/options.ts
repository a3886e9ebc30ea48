import { z } from 'zod'
import { KINDS, PRESETS, type Kind, type Preset } from './fields'

/** Lawful bases of GDPR Art. 6(1), as an import declares them. */
export const LAWFUL_BASES = [
  'consent',
  'contract',
  'legitimate_interests',
  'legal_obligation',
  'vital_interests',
  'public_task',
] as const
export type LawfulBasis = (typeof LAWFUL_BASES)[number]

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

/** Query parameters of POST /api/v1/sites/{site}/imports (the body is the file itself). */
export const importQuerySchema = z
  .object({
    kind: z.enum(KINDS).optional(),
    preset: z.enum(Object.keys(PRESETS) as [Preset, ...Preset[]]).optional(),
    /** JSON object: column name → field ("" ignores the column). */
    mapping: z.string().max(8_000).optional(),
    format: z.enum(['csv', 'ndjson']).optional(),
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
    source: z.enum(['online', 'offline']).default('offline'),
    channel: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,64}$/)
      .default('store'),
    basis: z.enum(LAWFUL_BASES),
    dry_run: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .refine((q) => q.kind || q.preset, { message: 'kind or preset is required', path: ['kind'] })

export interface ImportOptions {
  kind: Kind
  usePreset: boolean
  mapping: Record<string, string>
  format: 'csv' | 'ndjson'
  delimiter: string
  sourceLabel: 'online' | 'offline'
  channel: string
  lawfulBasis: LawfulBasis
  dryRun: boolean
}

const mappingSchema = z.record(z.string().min(1).max(200), z.string().max(200))

export type OptionsResult =
  | { ok: true; options: ImportOptions }
  | { ok: false; path: string; message: string }

/** Turns validated query parameters and the content type into import options. */
export function importOptions(
  query: z.output<typeof importQuerySchema>,
  contentType: string | undefined,
): OptionsResult {
  let mapping: Record<string, string> = {}
  if (query.mapping) {
    let raw: unknown
    try {
      raw = JSON.parse(query.mapping)
    } catch {
      return { ok: false, path: 'mapping', message: 'mapping must be a JSON object of column → field' }
    }
    const parsed = mappingSchema.safeParse(raw)
    if (!parsed.success)
      return { ok: false, path: 'mapping', message: 'mapping must be a JSON object of column → field' }
    mapping = parsed.data
  }
  const kind = query.kind ?? PRESETS[query.preset!]
  if (query.preset && query.kind && PRESETS[query.preset] !== query.kind) {
    return {
      ok: false,
      path: 'preset',
      message: `preset ${query.preset} imports ${PRESETS[query.preset]}, not ${query.kind}`,
    }
  }
  const ct = (contentType ?? '').toLowerCase()
  const format =
    query.format ?? (ct.includes('ndjson') || ct.includes('jsonl') || ct.includes('json') ? 'ndjson' : 'csv')
  return {
    ok: true,
    options: {
      kind,
      usePreset: query.preset !== undefined,
      mapping,
      format,
      delimiter: query.delimiter ?? ',',
      sourceLabel: query.source,
      channel: query.channel,
      lawfulBasis: query.basis,
      dryRun: query.dry_run === '1' || query.dry_run === 'true',
    },
  }
}
