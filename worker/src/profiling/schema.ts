import { z } from 'zod'
import { CHANNELS } from './features'

/**
 * Output schemas. Every categorical field is an enum, so a model (or a visitor's text steering
 * it) cannot invent a value; zod objects drop unknown keys, so it cannot add fields either.
 */
export const LIFECYCLES = [
  'new',
  'engaged',
  'first_time_buyer',
  'repeat_buyer',
  'loyal',
  'at_risk',
  'churned',
] as const
export type Lifecycle = (typeof LIFECYCLES)[number]

export const PRICE_SENSITIVITY = ['low', 'medium', 'high'] as const
export type PriceSensitivity = (typeof PRICE_SENSITIVITY)[number]

export const interestSchema = z.object({
  topic: z.string().min(1).max(40),
  score: z.number().min(0).max(1),
})

/** One visitor's profile; `segments` are the site's configured segments or its persona names. */
export function profileSchema(segments: readonly [string, ...string[]]) {
  return z.object({
    segment: z.enum(segments),
    lifecycle: z.enum(LIFECYCLES),
    interests: z.array(interestSchema).max(6),
    purchaseIntent: z.number().min(0).max(1),
    priceSensitivity: z.enum(PRICE_SENSITIVITY),
    preferredChannel: z.enum(CHANNELS),
    summary: z.string().min(1).max(300),
    nextBestAction: z.string().min(1).max(200),
  })
}

export type Profile = z.output<ReturnType<typeof profileSchema>>

/** Several visitors per call: each profile names the opaque ref of its visitor (v1, v2, …). */
export function batchSchema(segments: readonly [string, ...string[]], refs: readonly [string, ...string[]]) {
  return z.object({
    profiles: z
      .array(profileSchema(segments).extend({ ref: z.enum(refs) }))
      .min(1)
      .max(refs.length),
  })
}

/** One model call names one cluster. */
export const personaSchema = z.object({
  name: z.string().min(2).max(40),
  description: z.string().min(1).max(300),
  needs: z.array(z.string().min(1).max(80)).min(1).max(5),
  action: z.string().min(1).max(200),
})

export type PersonaText = z.output<typeof personaSchema>
