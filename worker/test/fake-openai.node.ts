/**
 * A small OpenAI-compatible chat completions server for tests and the bench: real HTTP, so the
 * real @ai-sdk/openai-compatible code runs against it. It "answers" from the JSON schema it is
 * sent (first enum value of every enum), counts tokens itself and records every request.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The server's own tokenizer: every word and every punctuation mark is one token. */
export function countTokens(text: string): number {
  return text.match(/\w+|[^\w\s]/g)?.length ?? 0
}

export interface RecordedRequest {
  body: {
    model: string
    messages: { role: string; content: string | { type: string; text?: string }[] }[]
    response_format?: { type: string; json_schema?: { name?: string; schema: JsonSchema; strict?: boolean } }
  }
  promptTokens: number
  completionTokens: number
  /** Token count of each visitor record in the <visitor-data> block, by the server's tokenizer. */
  visitorTokens: number[]
  kind: 'profiles' | 'persona' | 'other'
  status: number
}

type JsonSchema = {
  type?: string | string[]
  enum?: unknown[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  required?: string[]
  minItems?: number
  minimum?: number
  maxLength?: number
  anyOf?: JsonSchema[]
}

export interface FakeServerOptions {
  /** Answer the first N requests with HTTP 500 (exercises retries with backoff). */
  failFirst?: number
  /** Answer the first N well-formed requests with text that breaks the schema (exercises repair). */
  invalidFirst?: number
  /**
   * Scripted answers: called with each well-formed request's body and its number (from 0); a returned
   * object is the answer's JSON, undefined leaves the answer made from the schema.
   */
  respond?: (body: RecordedRequest['body'], n: number) => object | undefined
}

const text = (content: RecordedRequest['body']['messages'][number]['content']) =>
  typeof content === 'string' ? content : content.map((p) => p.text ?? '').join('')

/** A value that satisfies the schema: first enum value, minimum numbers, short strings. */
function sample(schema: JsonSchema, context: { refs: string[]; name: string }, key = ''): unknown {
  if (schema.anyOf?.length) return sample(schema.anyOf[0]!, context, key)
  if (schema.enum?.length) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'object') {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, context, k)]),
    )
  }
  if (type === 'array') {
    if (key === 'profiles') {
      return context.refs.map((ref) => ({ ...(sample(schema.items!, context) as object), ref }))
    }
    return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items!, context))
  }
  if (type === 'number' || type === 'integer') return schema.minimum ?? 0.5
  if (type === 'boolean') return false
  if (key === 'name') return context.name
  return `fake ${key}`.slice(0, schema.maxLength ?? 100)
}

/** Words in an answer that point to the attribute a sensible interviewer would ask about next. */
const FOLLOW_UPS: [RegExp, string][] = [
  [/expensive|price|cost|cheap/i, 'budget'],
  [/size|fit|small|large/i, 'size'],
]

/**
 * A survey turn decided by rules on the prompt the server was sent: the last quoted answer picks
 * the next attribute (from the unknown ones listed) by its words; the first unknown otherwise.
 */
function surveyTurn(prompt: string, data: string): unknown {
  const unknown = JSON.parse(prompt.match(/Unknown attributes: (.*)/)?.[1] ?? '[]') as { key: string }[]
  const conversation = JSON.parse(data).conversation as { answer: string }[]
  const answer = conversation.at(-1)?.answer ?? ''
  const wanted = FOLLOW_UPS.find(([words]) => words.test(answer))?.[1]
  const next = unknown.find((a) => a.key === wanted) ?? unknown[0]
  return {
    feedback: answer ? { kind: 'thanks', text: 'Thanks for telling us.' } : null,
    next: next
      ? { attribute: next.key, kind: 'text', text: `Tell us about your ${next.key}?`, options: null }
      : null,
    extracted: [],
  }
}

export async function startFakeOpenAI(options: FakeServerOptions = {}) {
  const requests: RecordedRequest[] = []
  let failures = options.failFirst ?? 0
  let invalid = options.invalidFirst ?? 0
  let answered = 0

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        return send(404, { error: { message: 'not found' } })
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body']
      const prompt = body.messages.map((m) => text(m.content)).join('\n')
      const data = prompt.match(/<visitor-data>\n(.*?)\n<\/visitor-data>/s)?.[1]
      const visitors = data ? (JSON.parse(data).visitors as { ref: string }[]) : []
      const record: RecordedRequest = {
        body,
        promptTokens: countTokens(prompt),
        completionTokens: 0,
        visitorTokens: visitors.map(({ ref: _ref, ...v }) => countTokens(JSON.stringify(v))),
        kind: data ? 'profiles' : prompt.includes('<cluster-data>') ? 'persona' : 'other',
        status: 200,
      }
      requests.push(record)
      if (failures > 0) {
        failures--
        record.status = 500
        return send(500, { error: { message: 'temporary failure', type: 'server_error' } })
      }
      const schema = body.response_format?.json_schema?.schema
      const label = prompt.match(/"heuristicLabel":"([^"]+)"/)?.[1] ?? 'Fake persona'
      const scripted = options.respond?.(body, answered++)
      const survey = prompt.match(/<survey-data>\n(.*?)\n<\/survey-data>/s)?.[1]
      let content = scripted
        ? JSON.stringify(scripted)
        : survey
          ? JSON.stringify(surveyTurn(prompt, survey))
          : schema
            ? JSON.stringify(sample(schema, { refs: visitors.map((v) => v.ref), name: label }))
            : '{}'
      if (invalid > 0) {
        invalid--
        content = '{"profiles": "not what you asked for"}'
      }
      record.completionTokens = countTokens(content)
      send(200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: record.promptTokens,
          completion_tokens: record.completionTokens,
          total_tokens: record.promptTokens + record.completionTokens,
        },
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
