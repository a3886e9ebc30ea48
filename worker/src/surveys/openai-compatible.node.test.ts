import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOpenAI } from '../../test/fake-openai.node'
import { resolveProvider } from '../profiling/providers'
import { surveyInputSchema } from './definition'
import { templateQuestion } from './rules'
import { askTurn, type TurnInput } from './turn'

let server: Awaited<ReturnType<typeof startFakeOpenAI>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const survey = surveyInputSchema.parse({
  goal: 'Find out why people abandon checkout',
  attributes: [
    { key: 'reason_left', type: 'text' },
    { key: 'size', type: 'enum', values: ['small', 'medium', 'large'] },
    { key: 'budget', type: 'number', min: 0, max: 500 },
  ],
  trigger: { type: 'exit_intent' },
})

const turnAfter = (answer: string): TurnInput => ({
  survey,
  language: 'en',
  known: {},
  history: [{ question: templateQuestion(survey.attributes[0]!, 'en'), answer, clarified: false }],
  context: null,
  spent: { response: 0, siteToday: 0 },
})

describe('survey turns against a fake OpenAI-compatible server', () => {
  it('sends the turn schema with structured outputs, and the next question follows the answer', async () => {
    server = await startFakeOpenAI()
    const provider = resolveProvider({
      AI_PROVIDER: 'openai-compatible',
      AI_BASE_URL: server.baseURL,
      AI_MODEL: 'fake-1',
    })

    const expensive = await askTurn(provider, turnAfter('too expensive'))
    const size = await askTurn(provider, turnAfter("couldn't find my size"))

    expect(server.requests).toHaveLength(2)
    const format = server.requests[0]!.body.response_format!
    expect(format.type).toBe('json_schema')
    expect(format.json_schema!.name).toBe('survey_turn')
    const next = format.json_schema!.schema.properties!.next!.anyOf!.find((s) => s.properties)!
    expect(next.properties!.attribute!.enum).toEqual(['reason_left', 'size', 'budget'])

    expect(expensive.fallback).toBeNull()
    expect(expensive.model).toBe('fake-1')
    expect(expensive.turn.next?.attribute).toBe('budget')
    expect(size.turn.next).toEqual({
      ...templateQuestion(survey.attributes[1]!, 'en'),
      text: 'Tell us about your size?',
    })
    expect(expensive.tokensIn).toBe(server.requests[0]!.promptTokens)
  })
})
