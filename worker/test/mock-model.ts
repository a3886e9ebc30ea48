// Test-only: a mock language model at the AI provider boundary (the one thing profiling tests mock).
import { MockLanguageModelV4 } from 'ai/test'

type GenerateResult = Awaited<ReturnType<MockLanguageModelV4['doGenerate']>>
type Call = MockLanguageModelV4['doGenerateCalls'][number]

/** A successful model answer with `body` as its JSON text (300 tokens in, 90 out). */
export const reply = (body: unknown): GenerateResult => ({
  content: [{ type: 'text', text: JSON.stringify(body) }],
  finishReason: { unified: 'stop', raw: undefined },
  usage: {
    inputTokens: { total: 300, noCache: 300, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 90, text: 90, reasoning: undefined },
  },
  warnings: [],
})

const userText = (call: Call) =>
  call.prompt
    .filter((m) => m.role === 'user')
    .flatMap((m) => (m.content as { text?: string }[]).map((p) => p.text ?? ''))
    .join('\n')

const visitorData = (call: Call) => userText(call).match(/<visitor-data>\n(.*)\n<\/visitor-data>/s)?.[1]

/** The visitor records each profile call was sent (persona calls are left out). */
export function promptedVisitors(model: MockLanguageModelV4): { ref: string }[][] {
  return model.doGenerateCalls.flatMap((call) => {
    const data = visitorData(call)
    return data ? [JSON.parse(data).visitors as { ref: string }[]] : []
  })
}

/** A model that answers every call with valid profiles for the refs it was sent. */
export function echoModel() {
  return new MockLanguageModelV4({
    doGenerate: async (call) => {
      const data = visitorData(call)
      if (!data) return reply({ name: 'Model persona', description: 'd', needs: ['n'], action: 'a' })
      const segments = JSON.parse(userText(call).match(/Allowed segments: (.*)/)![1]!) as string[]
      const refs = (JSON.parse(data).visitors as { ref: string }[]).map((v) => v.ref)
      return reply({
        profiles: refs.map((ref) => ({
          ref,
          segment: segments[0],
          lifecycle: 'engaged',
          interests: [],
          purchaseIntent: 0.5,
          priceSensitivity: 'medium',
          preferredChannel: 'direct',
          summary: 'A visitor.',
          nextBestAction: 'Say hello.',
        })),
      })
    },
  })
}

/**
 * A model that gives the scripted answers in turn: an object is sent as JSON, a string as it is (text that
 * may break the schema), an Error is thrown as a failed call. Calls beyond the script repeat the last answer.
 */
export function scriptedModel(answers: (object | string | Error)[]) {
  let n = 0
  return new MockLanguageModelV4({
    doGenerate: async () => {
      const answer = answers[Math.min(n++, answers.length - 1)]
      if (answer instanceof Error) throw answer
      if (typeof answer === 'string') return { ...reply(null), content: [{ type: 'text', text: answer }] }
      return reply(answer)
    },
  })
}

/** The text of every user message a model was sent, one string per call. */
export const promptsOf = (model: MockLanguageModelV4): string[] => model.doGenerateCalls.map(userText)
