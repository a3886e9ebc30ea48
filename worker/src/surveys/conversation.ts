import { scrubPii } from '../ingest/scrub'
import { scrubText } from '../profiling/safety'
import type { Attribute } from './definition'

export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'text'] as const

/** A question Heed asked, always about one declared attribute. */
export interface Question {
  attribute: string
  kind: (typeof QUESTION_KINDS)[number]
  text: string
  /** Allowed values for single and multiple choice: the attribute's enum values, never the model's. */
  options?: string[]
  /** Scale and number bounds. */
  min?: number
  max?: number
}

export type Value = string | number | string[]

export interface Extracted {
  attribute: string
  value: Value
  confidence: number
}

export interface Feedback {
  kind: 'thanks' | 'helpful' | 'clarify'
  text: string
}

/** One exchange so far: the question and the visitor's answer (scrubbed), with what it yielded. */
export interface Exchange {
  question: Question
  answer: string
  clarified: boolean
}

/** The outcome of one turn, whichever provider wrote it. */
export interface Turn {
  feedback: Feedback | null
  next: Question | null
  extracted: Extracted[]
}

/** Longest answer kept; longer text is cut after scrubbing. */
export const MAX_ANSWER = 200

/**
 * An answer as it may be stored or shown to a model: personal data patterns replaced (ingest's
 * scrubber, then profiling's prompt scrubber for URLs, IBANs and control characters), length-capped.
 */
export const scrubAnswer = (answer: string): string => scrubText(scrubPii(answer), MAX_ANSWER)

const words = (s: string) => s.toLowerCase().replace(/_/g, ' ')

/**
 * A value checked against its attribute: enum values must be declared (a multiple choice keeps
 * only declared ones), numbers and scales must fall in range, text is scrubbed. Null when invalid.
 */
export function validValue(attribute: Attribute, value: unknown): Value | null {
  switch (attribute.type) {
    case 'enum': {
      const list = Array.isArray(value) ? value : [value]
      const kept = list.filter((v): v is string => typeof v === 'string' && attribute.values.includes(v))
      if (!kept.length) return null
      return Array.isArray(value) ? [...new Set(kept)] : kept[0]!
    }
    case 'number':
    case 'scale': {
      const n = typeof value === 'number' ? value : Number(value)
      if (!Number.isFinite(n) || n < attribute.min || n > attribute.max) return null
      return attribute.type === 'scale' ? Math.round(n) : n
    }
    case 'text': {
      if (typeof value !== 'string') return null
      const clean = scrubAnswer(value).slice(0, attribute.max_length)
      return clean.length ? clean : null
    }
  }
}

/** Keeps only extractions about `allowed` attributes with valid values, one per attribute. */
export function keepDeclared(extracted: Extracted[], allowed: Attribute[]): Extracted[] {
  const out = new Map<string, Extracted>()
  for (const e of extracted) {
    const attribute = allowed.find((a) => a.key === e.attribute)
    if (!attribute || out.has(e.attribute)) continue
    const value = validValue(attribute, e.value)
    if (value === null) continue
    out.set(e.attribute, {
      attribute: e.attribute,
      value,
      confidence: Math.min(1, Math.max(0, e.confidence)),
    })
  }
  return [...out.values()]
}

/** An answer that carries no words: key mashing, one repeated character, or punctuation only. */
export function isGibberish(answer: string): boolean {
  const letters = answer.toLowerCase().replace(/[^\p{L}]/gu, '')
  if (!letters.length) return !/\d/.test(answer)
  if (/(.)\1{3,}/u.test(letters)) return true
  // Latin text of 6+ letters without a vowel is not a word in any of the survey languages.
  return /^[a-z]{6,}$/.test(letters) && !/[aeiouy]/.test(letters)
}

/** Attribute words (key and label) that also appear in a text: the basis of deterministic branching. */
export function overlap(attribute: Attribute, text: string): number {
  const said = new Set(
    words(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3),
  )
  const own = words(`${attribute.key} ${attribute.label ?? ''}`).split(/[^\p{L}\p{N}]+/u)
  return own.filter((w) => said.has(w)).length
}
