import type { Attribute, SurveyInput, SurveyLanguage } from './definition'
import {
  type Exchange,
  type Extracted,
  type Feedback,
  isGibberish,
  keepDeclared,
  overlap,
  type Question,
  type Turn,
  type Value,
} from './conversation'

/** Fixed thanks in each survey language: the rules provider never writes free text. */
export const THANKS: Record<SurveyLanguage, string> = {
  en: 'Thank you, that helps.',
  'zh-CN': '谢谢，这很有帮助。',
  'zh-TW': '謝謝，這很有幫助。',
  ja: 'ありがとうございます。参考になります。',
  ko: '감사합니다. 도움이 됩니다.',
  de: 'Danke, das hilft uns.',
  fr: 'Merci, cela nous aide.',
  es: 'Gracias, nos ayuda.',
  pt: 'Obrigado, isso ajuda.',
  it: 'Grazie, ci è utile.',
}

const CLARIFY: Record<'en' | 'de', string> = {
  en: 'Sorry, I did not quite get that. Could you answer the question once more?',
  de: 'Entschuldigung, das habe ich nicht verstanden. Können Sie die Frage noch einmal beantworten?',
}

/** Question templates per attribute type; languages without their own bank use English. */
const BANK = {
  en: {
    enum: (l: string) => `Which of these best describes your ${l}?`,
    number: (l: string, min: number, max: number) => `Roughly what is your ${l} (${min} to ${max})?`,
    scale: (l: string, min: number, max: number) =>
      `On a scale of ${min} to ${max}, how would you rate ${l}?`,
    text: (l: string) => `In a few words, what is your ${l}?`,
  },
  de: {
    enum: (l: string) => `Was beschreibt Ihr(e) ${l} am besten?`,
    number: (l: string, min: number, max: number) => `Ungefähr wie hoch ist Ihr(e) ${l} (${min} bis ${max})?`,
    scale: (l: string, min: number, max: number) =>
      `Auf einer Skala von ${min} bis ${max}: wie bewerten Sie ${l}?`,
    text: (l: string) => `In wenigen Worten: Ihr(e) ${l}?`,
  },
}

const bankOf = (language: SurveyLanguage) => (language === 'de' ? BANK.de : BANK.en)
const clarifyOf = (language: SurveyLanguage) => (language === 'de' ? CLARIFY.de : CLARIFY.en)
const labelOf = (a: Attribute) => a.label ?? a.key.replace(/_/g, ' ')

/** The template question for one attribute. */
export function templateQuestion(a: Attribute, language: SurveyLanguage): Question {
  const bank = bankOf(language)
  const label = labelOf(a)
  switch (a.type) {
    case 'enum':
      return { attribute: a.key, kind: 'single', text: bank.enum(label), options: a.values }
    case 'number':
      return {
        attribute: a.key,
        kind: 'text',
        text: bank.number(label, a.min, a.max),
        min: a.min,
        max: a.max,
      }
    case 'scale':
      return {
        attribute: a.key,
        kind: 'scale',
        text: bank.scale(label, a.min, a.max),
        min: a.min,
        max: a.max,
      }
    case 'text':
      return { attribute: a.key, kind: 'text', text: bank.text(label) }
  }
}

const valueWords = (v: string) => v.split('_').filter((w) => w.length >= 4)

/** What an answer says about the attribute it was asked about, by matching words and numbers. */
export function readAnswer(a: Attribute, answer: string): Extracted | null {
  const text = answer.toLowerCase()
  if (a.type === 'enum') {
    const exact = a.values.find((v) => text.trim() === v || text.trim() === v.replace(/_/g, ' '))
    if (exact) return { attribute: a.key, value: exact, confidence: 1 }
    const said = new Set(text.split(/[^\p{L}\p{N}]+/u))
    const scored = a.values
      .map((v) => ({ v, n: valueWords(v).filter((w) => said.has(w)).length }))
      .filter((s) => s.n > 0)
    if (!scored.length) return null
    const best = scored.reduce((x, y) => (y.n > x.n ? y : x))
    return { attribute: a.key, value: best.v, confidence: 0.7 }
  }
  if (a.type === 'text') {
    return isGibberish(answer) || !answer.trim() ? null : { attribute: a.key, value: answer, confidence: 0.6 }
  }
  const n = text.match(/-?\d+(?:[.,]\d+)?/)?.[0]
  if (n === undefined) return null
  return { attribute: a.key, value: Number(n.replace(',', '.')), confidence: 0.9 }
}

export interface RulesInput {
  survey: Pick<SurveyInput, 'attributes' | 'max_questions'>
  language: SurveyLanguage
  /** Attributes already known for this response. */
  known: Record<string, Value>
  /** The exchanges so far; the last one holds the answer this turn responds to. */
  history: Exchange[]
}

/** Questions asked so far, clarifications not counted. */
export const questionsAsked = (history: Exchange[]) => history.filter((e) => !e.clarified).length

/**
 * The next question after `extracted`: the first unknown attribute whose words the last answer
 * (or the value read from it) shares, else the first unknown in declared order; none once the
 * survey's maximum is reached. Attributes asked about already are not asked again.
 */
export function nextQuestion(input: RulesInput, extracted: Extracted[], lastText: string): Question | null {
  if (questionsAsked(input.history) >= input.survey.max_questions) return null
  const asked = new Set(input.history.map((e) => e.question.attribute))
  const open = input.survey.attributes.filter(
    (a) => !(a.key in input.known) && !extracted.some((e) => e.attribute === a.key) && !asked.has(a.key),
  )
  if (!open.length) return null
  const said = [lastText, ...extracted.map((e) => String(e.value))].join(' ')
  const best = open.reduce((x, y) => (overlap(y, said) > overlap(x, said) ? y : x))
  return templateQuestion(best, input.language)
}

/** A whole turn without a model: offline, deterministic, and the fallback of every model turn. */
export function rulesTurn(input: RulesInput): Turn {
  const last = input.history.at(-1)
  if (!last) return { feedback: null, next: nextQuestion(input, [], ''), extracted: [] }
  const attribute = input.survey.attributes.find((a) => a.key === last.question.attribute)
  const read = attribute ? readAnswer(attribute, last.answer) : null
  const extracted = read ? keepDeclared([read], input.survey.attributes) : []
  if (!extracted.length && !last.clarified) {
    const feedback: Feedback = { kind: 'clarify', text: clarifyOf(input.language) }
    return { feedback, next: last.question, extracted: [] }
  }
  const feedback: Feedback = { kind: 'thanks', text: THANKS[input.language] }
  return { feedback, next: nextQuestion(input, extracted, last.answer), extracted }
}
