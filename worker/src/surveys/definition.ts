import { z } from 'zod'
import { findSensitive } from '../profiling/safety'
import { LIFECYCLES } from '../profiling/schema'

/** The languages a survey may speak: the consent banner's ten (snippet/src/banner/lang.ts). */
export const SURVEY_LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it'] as const
export type SurveyLanguage = (typeof SURVEY_LANGUAGES)[number]

export const SURVEY_STATUSES = ['draft', 'live', 'paused'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]

export const TRIGGERS = [
  'page_load',
  'exit_intent',
  'after_purchase',
  'no_result_search',
  'time_on_page',
] as const

/** A survey asks at most this many questions, clarifications not counted. */
export const MAX_QUESTIONS = 5

const KEY = /^[a-z][a-z0-9_]{0,39}$/
const label = z.string().trim().min(1).max(80)

const attributeBase = {
  key: z.string().regex(KEY, 'lower-case letters, digits and _, starting with a letter, up to 40'),
  /** What the attribute means, in plain words; the model reads it to write questions. */
  label: label.optional(),
}

/** One thing the survey should learn about the visitor, with the answers it may take. */
export const attributeSchema = z.discriminatedUnion('type', [
  z.object({
    ...attributeBase,
    type: z.literal('enum'),
    values: z
      .array(z.string().regex(KEY, 'enum values are keys: lower-case letters, digits and _'))
      .min(2)
      .max(12)
      .refine((v) => new Set(v).size === v.length, 'values must be distinct'),
  }),
  z
    .object({ ...attributeBase, type: z.literal('number'), min: z.number(), max: z.number() })
    .refine((a) => a.min < a.max, { message: 'min must be below max', path: ['max'] }),
  z
    .object({
      ...attributeBase,
      type: z.literal('scale'),
      min: z.number().int().default(1),
      max: z.number().int().max(10).default(5),
    })
    .refine((a) => a.min < a.max, { message: 'min must be below max', path: ['max'] }),
  z.object({
    ...attributeBase,
    type: z.literal('text'),
    max_length: z.number().int().min(1).max(200).default(120),
  }),
])
export type Attribute = z.infer<typeof attributeSchema>

const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(TRIGGERS.filter((t) => t !== 'time_on_page') as [string, ...string[]]) }),
  z.object({ type: z.literal('time_on_page'), seconds: z.number().int().min(1).max(3600) }),
])

const audienceSchema = z
  .object({
    personas: z.array(z.string().min(1).max(64)).max(20).default([]),
    lifecycles: z.array(z.enum(LIFECYCLES)).max(LIFECYCLES.length).default([]),
    segments: z.array(z.string().min(1).max(64)).max(20).default([]),
    /** Path patterns: `*` matches any run of characters, e.g. `/checkout*`. */
    url_patterns: z.array(z.string().min(1).max(200)).max(20).default([]),
  })
  .default({ personas: [], lifecycles: [], segments: [], url_patterns: [] })

/** Everything a marketer sends to define a survey; the stored definition is this after parsing. */
export const surveyInputSchema = z.object({
  goal: z.string().trim().min(3).max(300),
  attributes: z
    .array(attributeSchema)
    .min(1)
    .max(10)
    .refine((a) => new Set(a.map((x) => x.key)).size === a.length, 'attribute keys must be distinct'),
  audience: audienceSchema,
  trigger: triggerSchema,
  sample_rate: z.number().min(0).max(1).default(1),
  max_questions: z.number().int().min(1).max(MAX_QUESTIONS).default(3),
  languages: z
    .array(z.enum(SURVEY_LANGUAGES))
    .min(1)
    .refine((l) => new Set(l).size === l.length, 'languages must be distinct')
    .default(['en']),
  status: z.enum(SURVEY_STATUSES).default('draft'),
})
export type SurveyInput = z.infer<typeof surveyInputSchema>

/** A change to a survey: any field of the input, validated the same way. */
export const surveyPatchSchema = surveyInputSchema.partial()

/** Key names read as words: `health_status` is checked as "health status". */
const words = (key: string) => key.replace(/_/g, ' ')

/**
 * The first place a survey would ask about a special category (GDPR Art. 9) or precise location:
 * the goal, an attribute's key or label, or an allowed value. The same term lists guard the
 * model's profiles (profiling/safety.ts), so a survey can never collect what profiling may not infer.
 */
export function sensitiveField(
  input: Pick<SurveyInput, 'goal' | 'attributes'>,
): { field: string; term: string } | null {
  const texts: [string, string][] = [['goal', input.goal]]
  input.attributes.forEach((a, i) => {
    texts.push([`attributes.${i}.key`, words(a.key)])
    if (a.label) texts.push([`attributes.${i}.label`, a.label])
    if (a.type === 'enum') {
      a.values.forEach((v, j) => {
        texts.push([`attributes.${i}.values.${j}`, words(v)])
      })
    }
  })
  for (const [field, text] of texts) {
    const term = findSensitive(text)
    if (term) return { field, term }
  }
  return null
}
