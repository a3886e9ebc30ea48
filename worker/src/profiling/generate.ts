import { generateText, type LanguageModel, type LanguageModelUsage, NoObjectGeneratedError, Output } from 'ai'
import type { z } from 'zod'
import type { VisitorFeatures } from './features'
import {
  PERSONA_SYSTEM,
  PROFILE_SYSTEM,
  personaPrompt,
  profilePrompt,
  visitorPayload,
  visitorStrings,
} from './prompt'
import { rulesPersona } from './rules'
import { findForeignText, findSensitive } from './safety'
import { batchSchema, type PersonaText, type Profile, personaSchema } from './schema'

/** Why a stored profile is the rules result rather than the model's. */
export type Fallback =
  | 'model_error'
  | 'invalid_output'
  | 'missing_output'
  | 'sensitive_trait'
  | 'cross_visitor'

export interface CallOptions {
  /** Retries of failed HTTP calls (429, 5xx, network), with the SDK's exponential backoff. */
  maxRetries?: number
  timeoutMs?: number
  /** Whether invalid output gets one repair call (default); a survey turn falls back to rules instead. */
  repair?: boolean
}

export interface Usage {
  calls: number
  tokensIn: number
  tokensOut: number
  latencyMs: number
}

export interface BatchVisitor {
  features: VisitorFeatures
  /** The rules profile, stored when the model's answer cannot be. */
  rules: Profile
}

export interface VisitorResult {
  profile: Profile
  fallback: Fallback | null
}

export const addUsage = (u: Usage, usage: LanguageModelUsage | undefined) => {
  u.tokensIn += usage?.inputTokens ?? 0
  u.tokensOut += usage?.outputTokens ?? 0
}

export type Attempt<T> =
  | { ok: true; value: T; text?: string }
  | { ok: false; kind: 'invalid' | 'error'; text?: string; message: string }

export type Messages = NonNullable<Parameters<typeof generateText>[0]['messages']>

/**
 * One structured call: the model's answer parsed against `schema`, or why it could not be. Transport errors
 * are retried by the SDK (maxRetries); the calls, tokens and time spent are added to `usage`.
 */
export async function structuredCall<T>(
  model: LanguageModel,
  system: string,
  input: { prompt: string } | { messages: Messages },
  schema: z.ZodType<T>,
  name: string,
  usage: Usage,
  options: CallOptions,
): Promise<Attempt<T>> {
  const started = Date.now()
  usage.calls++
  try {
    const result = await generateText({
      model,
      system,
      ...input,
      output: Output.object({ schema, name }),
      temperature: 0,
      maxRetries: options.maxRetries ?? 2,
      abortSignal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    })
    addUsage(usage, result.usage)
    return { ok: true, value: result.output as T, text: result.text }
  } catch (err) {
    if (NoObjectGeneratedError.isInstance(err)) {
      addUsage(usage, err.usage)
      return {
        ok: false,
        kind: 'invalid',
        text: err.text,
        message: (err.cause as Error | undefined)?.message ?? err.message,
      }
    }
    return { ok: false, kind: 'error', message: err instanceof Error ? err.message : String(err) }
  } finally {
    usage.latencyMs += Date.now() - started
  }
}

/**
 * One structured call, and on invalid output exactly one repair attempt that shows the model its
 * own answer and the validation error. Transport errors are retried by the SDK (maxRetries), not here.
 */
export async function callWithRepair<T>(
  model: LanguageModel,
  system: string,
  prompt: string,
  schema: z.ZodType<T>,
  name: string,
  usage: Usage,
  options: CallOptions,
): Promise<Attempt<T>> {
  const first = await structuredCall(model, system, { prompt }, schema, name, usage, options)
  if (first.ok || first.kind === 'error' || options.repair === false) return first
  return structuredCall(
    model,
    system,
    {
      messages: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: first.text ?? '' },
        {
          role: 'user',
          content: `That answer does not match the required JSON schema: ${first.message.slice(0, 500)}\nAnswer again with JSON that matches the schema exactly, using only the allowed values.`,
        },
      ],
    },
    schema,
    name,
    usage,
    options,
  )
}

/** Profile text a safety check reads: everything free-form the model wrote. */
const freeText = (p: Profile) =>
  [p.summary, p.nextBestAction, ...p.interests.map((i) => i.topic)].join(' \n ')

/**
 * Profiles several visitors with one model call (plus at most one repair). Each visitor gets the
 * model's profile only if it passed the schema (enums enforced), names no sensitive trait and
 * quotes no other visitor's text; otherwise it gets the rules profile and the reason.
 */
export async function profileBatch(
  model: LanguageModel,
  visitors: BatchVisitor[],
  segments: readonly [string, ...string[]],
  options: CallOptions = {},
): Promise<{ results: VisitorResult[]; usage: Usage }> {
  const usage: Usage = { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 }
  const refs = visitors.map((_, i) => `v${i + 1}`) as [string, ...string[]]
  const payloads = visitors.map((v) => visitorPayload(v.features).value)
  const prompt = profilePrompt(
    payloads.map((payload, i) => ({ ref: refs[i]!, payload })),
    segments,
  )
  const schema = batchSchema(segments, refs)
  const answer = await callWithRepair(
    model,
    PROFILE_SYSTEM,
    prompt,
    schema,
    'visitor_profiles',
    usage,
    options,
  )
  const rules = (v: BatchVisitor, fallback: Fallback): VisitorResult => ({ profile: v.rules, fallback })
  if (!answer.ok) {
    const reason: Fallback = answer.kind === 'error' ? 'model_error' : 'invalid_output'
    return { results: visitors.map((v) => rules(v, reason)), usage }
  }
  const strings = payloads.map((p) => visitorStrings(p))
  const results = visitors.map((v, i): VisitorResult => {
    const found = answer.value.profiles.find((p) => p.ref === refs[i])
    if (!found) return rules(v, 'missing_output')
    const { ref: _ref, ...profile } = found
    const text = freeText(profile)
    if (findSensitive(text)) return rules(v, 'sensitive_trait')
    const others = strings.filter((_, j) => j !== i).flat()
    if (findForeignText(text, new Set(strings[i]!.map((s) => s.toLowerCase())), others)) {
      return rules(v, 'cross_visitor')
    }
    return { profile, fallback: null }
  })
  return { results, usage }
}

/** Names one cluster with one model call (plus at most one repair); the rules name otherwise. */
export async function namePersona(
  model: LanguageModel,
  typical: VisitorFeatures,
  size: number,
  options: CallOptions = {},
): Promise<{ persona: PersonaText; fallback: Fallback | null; usage: Usage }> {
  const usage: Usage = { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 }
  const rules = rulesPersona(typical, size)
  const answer = await callWithRepair(
    model,
    PERSONA_SYSTEM,
    personaPrompt(typical, size, rules.name),
    personaSchema,
    'persona',
    usage,
    options,
  )
  if (!answer.ok)
    return { persona: rules, fallback: answer.kind === 'error' ? 'model_error' : 'invalid_output', usage }
  const p = answer.value
  if (findSensitive([p.name, p.description, p.action, ...p.needs].join(' \n '))) {
    return { persona: rules, fallback: 'sensitive_trait', usage }
  }
  return { persona: p, fallback: null, usage }
}
