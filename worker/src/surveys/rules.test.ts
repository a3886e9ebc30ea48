import { describe, expect, it } from 'vitest'
import type { Exchange } from './conversation'
import { surveyInputSchema } from './definition'
import { rulesTurn, templateQuestion } from './rules'

const survey = surveyInputSchema.parse({
  goal: 'Find out why people abandon checkout',
  attributes: [
    { key: 'reason_left', type: 'enum', values: ['too_expensive', 'no_size', 'just_looking'] },
    { key: 'use_case', type: 'text', label: 'use case' },
    { key: 'size', type: 'enum', values: ['small', 'medium', 'large'], label: 'usual size' },
    { key: 'budget', type: 'number', min: 0, max: 500, label: 'budget expensive price' },
  ],
  trigger: { type: 'exit_intent' },
  max_questions: 3,
})
const [reason, useCase, size, budget] = survey.attributes
const first = templateQuestion(reason!, 'en')
const ask = (answer: string, clarified = false): Exchange[] => [{ question: first, answer, clarified }]

describe('the rules turn', () => {
  it('opens with the first declared attribute as a single choice of its declared values', () => {
    expect(rulesTurn({ survey, language: 'en', known: {}, history: [] })).toEqual({
      feedback: null,
      next: {
        attribute: 'reason_left',
        kind: 'single',
        text: 'Which of these best describes your reason left?',
        options: ['too_expensive', 'no_size', 'just_looking'],
      },
      extracted: [],
    })
  })

  it('branches on the enum answer: a price reason leads to the budget, a size reason to the size', () => {
    const expensive = rulesTurn({ survey, language: 'en', known: {}, history: ask('Too expensive') })
    expect(expensive.extracted).toEqual([{ attribute: 'reason_left', value: 'too_expensive', confidence: 1 }])
    expect(expensive.next).toEqual(templateQuestion(budget!, 'en'))
    expect(expensive.feedback).toEqual({ kind: 'thanks', text: 'Thank you, that helps.' })

    const noSize = rulesTurn({ survey, language: 'de', known: {}, history: ask("couldn't find my size") })
    expect(noSize.extracted).toEqual([{ attribute: 'reason_left', value: 'no_size', confidence: 0.7 }])
    expect(noSize.next).toEqual(templateQuestion(size!, 'de'))
    expect(noSize.feedback).toEqual({ kind: 'thanks', text: 'Danke, das hilft uns.' })
  })

  it('asks once for clarification of gibberish, then moves on to the next declared attribute', () => {
    const once = rulesTurn({ survey, language: 'en', known: {}, history: ask('qwrtzxcv') })
    expect(once.feedback?.kind).toBe('clarify')
    expect(once.next).toEqual(first)
    expect(once.extracted).toEqual([])
    const twice = rulesTurn({
      survey,
      language: 'en',
      known: {},
      history: [...ask('qwrtzxcv'), { question: first, answer: 'xxxxxx', clarified: true }],
    })
    expect(twice.feedback?.kind).toBe('thanks')
    expect(twice.next).toEqual(templateQuestion(useCase!, 'en'))
  })

  it('stops at the maximum number of questions and never asks a known attribute', () => {
    const history: Exchange[] = [
      { question: first, answer: 'just looking', clarified: false },
      { question: templateQuestion(useCase!, 'en'), answer: 'a gift', clarified: false },
    ]
    const third = rulesTurn({
      survey,
      language: 'en',
      known: { reason_left: 'just_looking', size: 'small' },
      history,
    })
    expect(third.extracted).toEqual([{ attribute: 'use_case', value: 'a gift', confidence: 0.6 }])
    expect(third.next).toEqual(templateQuestion(budget!, 'en'))
    const done = rulesTurn({
      survey,
      language: 'en',
      known: { reason_left: 'just_looking', use_case: 'a gift' },
      history: [
        ...history,
        { question: templateQuestion(budget!, 'en'), answer: 'about 120 euros', clarified: false },
      ],
    })
    expect(done.extracted).toEqual([{ attribute: 'budget', value: 120, confidence: 0.9 }])
    expect(done.next).toBeNull()
  })
})
