import { afterEach, describe, expect, it } from 'vitest'
import { generateCohort } from '../../test/cohort'
import { extractFeatures } from './features'
import { namePersona, profileBatch } from './generate'
import { PROFILE_SYSTEM } from './prompt'
import { resolveProvider } from './providers'
import { rulesProfile } from './rules'
import { MAX_VISITOR_TOKENS } from './tokens'
import { startFakeOpenAI } from '../../test/fake-openai.node'

const now = Date.UTC(2026, 10, 28, 12)
const SEGMENTS = ['Deal seekers', 'Loyal customers', 'Researchers'] as const
const visitors = generateCohort({ perPersona: 2, now }).map((v) => {
  const features = extractFeatures(v.events, v.orders, { now, timezone: 'UTC', categoryPatterns: {} })
  return { features, rules: rulesProfile(features, SEGMENTS) }
})

let server: Awaited<ReturnType<typeof startFakeOpenAI>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function model(baseURL: string) {
  const provider = resolveProvider({
    AI_PROVIDER: 'openai-compatible',
    AI_BASE_URL: baseURL,
    AI_MODEL: 'fake-1',
    AI_API_KEY: 'sk-test',
  })
  if (provider.kind === 'rules') throw new Error(provider.reason)
  return provider
}

describe('@ai-sdk/openai-compatible against a fake OpenAI-compatible server', () => {
  it('sends the JSON schema with its enums, and reports the tokens the server counted', async () => {
    server = await startFakeOpenAI()
    const provider = model(server.baseURL)
    expect(provider.batchSize).toBe(5)
    const batch = visitors.slice(0, 5)
    const { results, usage } = await profileBatch(provider.model, batch, SEGMENTS)

    expect(server.requests).toHaveLength(1)
    const request = server.requests[0]!
    expect(request.body.model).toBe('fake-1')
    // structured outputs: the schema itself reaches the model, not just "json_object"
    expect(request.body.response_format?.type).toBe('json_schema')
    const item = request.body.response_format!.json_schema!.schema.properties!.profiles!.items!
    expect(item.properties!.segment!.enum).toEqual([...SEGMENTS])
    expect(item.properties!.lifecycle!.enum).toContain('first_time_buyer')
    expect(request.body.messages[0]).toEqual({ role: 'system', content: PROFILE_SYSTEM })

    expect(results.map((r) => r.fallback)).toEqual([null, null, null, null, null])
    expect(results.every((r) => r.profile.segment === 'Deal seekers')).toBe(true)
    expect(usage).toEqual({
      calls: 1,
      tokensIn: request.promptTokens,
      tokensOut: request.completionTokens,
      latencyMs: usage.latencyMs,
    })
    expect(usage.tokensIn).toBeGreaterThan(0)
    // every visitor's data stays under the cap, counted by the server's own tokenizer
    expect(request.visitorTokens).toHaveLength(5)
    for (const n of request.visitorTokens) expect(n).toBeLessThanOrEqual(MAX_VISITOR_TOKENS)
  })

  it('retries a failing endpoint with backoff, then repairs invalid output once', async () => {
    server = await startFakeOpenAI({ failFirst: 1, invalidFirst: 1 })
    const started = Date.now()
    const { results, usage } = await profileBatch(model(server.baseURL).model, visitors.slice(0, 2), SEGMENTS)
    // 500 → retried by the SDK; then an answer that breaks the schema → one repair call
    expect(server.requests.map((r) => r.status)).toEqual([500, 200, 200])
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000) // the SDK's first backoff is ~2 s
    expect(results.map((r) => r.fallback)).toEqual([null, null])
    expect(usage.calls).toBe(2)
    expect(usage.tokensIn).toBe(server.requests[1]!.promptTokens + server.requests[2]!.promptTokens)
  })

  it('names a persona with one call', async () => {
    server = await startFakeOpenAI()
    const r = await namePersona(model(server.baseURL).model, visitors[0]!.features, 40)
    expect(server.requests.map((q) => q.kind)).toEqual(['persona'])
    expect(r).toMatchObject({ fallback: null, persona: { name: 'Bargain hunter' } })
    expect(r.usage.tokensOut).toBe(server.requests[0]!.completionTokens)
  })

  it('an unreachable endpoint ends in the rules result, not an error', async () => {
    server = await startFakeOpenAI()
    const url = server.baseURL
    await server.close()
    server = undefined
    const { results } = await profileBatch(model(url).model, visitors.slice(0, 1), SEGMENTS, {
      maxRetries: 0,
    })
    expect(results[0]).toEqual({ profile: visitors[0]!.rules, fallback: 'model_error' })
  })
})
