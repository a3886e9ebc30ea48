import { describe, expect, it } from 'vitest'
import { sensitiveField, surveyInputSchema } from './definition'

const base = {
  goal: 'Find out why people abandon checkout',
  attributes: [{ key: 'reason_left', type: 'enum', values: ['too_expensive', 'no_size', 'just_looking'] }],
  trigger: { type: 'exit_intent' },
}

describe('survey definitions', () => {
  it('fills defaults and keeps the attributes as declared', () => {
    const parsed = surveyInputSchema.parse(base)
    expect(parsed).toEqual({
      ...base,
      audience: { personas: [], lifecycles: [], segments: [], url_patterns: [] },
      sample_rate: 1,
      max_questions: 3,
      languages: ['en'],
      status: 'draft',
    })
  })

  it('refuses more than five questions, duplicate keys and empty ranges, naming the field', () => {
    const issue = (input: unknown) => {
      const r = surveyInputSchema.safeParse(input)
      return r.success ? null : r.error.issues[0]!.path.join('.')
    }
    expect(issue({ ...base, max_questions: 6 })).toBe('max_questions')
    expect(issue({ ...base, attributes: [base.attributes[0], base.attributes[0]] })).toBe('attributes')
    expect(issue({ ...base, attributes: [{ key: 'budget', type: 'number', min: 100, max: 10 }] })).toBe(
      'attributes.0.max',
    )
    expect(issue({ ...base, trigger: { type: 'time_on_page' } })).toBe('trigger.seconds')
    expect(issue({ ...base, languages: ['xx'] })).toBe('languages.0')
  })

  it('finds a special category in the goal, a key, a label or an allowed value', () => {
    const parse = (over: object) => surveyInputSchema.parse({ ...base, ...over })
    expect(sensitiveField(parse({}))).toBeNull()
    expect(sensitiveField(parse({ goal: 'Learn which religion our buyers follow' }))).toEqual({
      field: 'goal',
      term: 'religion',
    })
    expect(sensitiveField(parse({ attributes: [{ key: 'health_status', type: 'text' }] }))).toEqual({
      field: 'attributes.0.key',
      term: 'health',
    })
    expect(
      sensitiveField(parse({ attributes: [{ key: 'vote', label: 'Partei gewählt', type: 'scale' }] })),
    ).toEqual({ field: 'attributes.0.label', term: 'partei' })
    expect(
      sensitiveField(parse({ attributes: [{ key: 'why', type: 'enum', values: ['price', 'pregnancy'] }] })),
    ).toEqual({ field: 'attributes.0.values.1', term: 'pregnancy' })
  })
})
