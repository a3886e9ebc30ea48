import { describe, expect, it } from 'vitest'
import { extractFeatures } from './features'
import { profileBatch } from './generate'
import { resolveProvider } from './providers'
import { rulesProfile } from './rules'

describe('resolveProvider', () => {
  it('defaults to rules and degrades a misconfigured model provider to rules with a reason', () => {
    expect(resolveProvider({})).toEqual({ kind: 'rules', modelId: 'rules', reason: undefined })
    expect(resolveProvider({ AI_PROVIDER: 'gpt-please' })).toMatchObject({
      kind: 'rules',
      reason: 'unknown AI_PROVIDER "gpt-please"',
    })
    expect(resolveProvider({ AI_PROVIDER: 'openai-compatible', AI_MODEL: 'x' })).toMatchObject({
      kind: 'rules',
      reason: 'openai-compatible needs AI_BASE_URL and AI_MODEL',
    })
    expect(resolveProvider({ AI_PROVIDER: 'workers-ai' })).toMatchObject({
      kind: 'rules',
      reason: expect.stringContaining('AI binding'),
    })
  })

  it('drives the Workers AI binding through workers-ai-provider with the JSON schema', async () => {
    const calls: { model: string; inputs: Record<string, unknown> }[] = []
    const binding = {
      run: async (model: string, inputs: Record<string, unknown>) => {
        calls.push({ model, inputs })
        return {
          response: {
            profiles: [
              {
                ref: 'v1',
                segment: 'Everyone',
                lifecycle: 'engaged',
                interests: [],
                purchaseIntent: 0.2,
                priceSensitivity: 'low',
                preferredChannel: 'direct',
                summary: 'Browses.',
                nextBestAction: 'Welcome.',
              },
            ],
          },
          usage: { prompt_tokens: 321, completion_tokens: 45 },
        }
      },
    }
    const provider = resolveProvider({ AI_PROVIDER: 'workers-ai', AI: binding })
    if (provider.kind === 'rules') throw new Error(provider.reason)
    expect(provider).toMatchObject({
      kind: 'workers-ai',
      modelId: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
      batchSize: 3,
    })
    const features = {
      ...extractFeatures([], [], { now: 0, timezone: 'UTC', categoryPatterns: {} }),
      sessions: 2,
    }
    const { results, usage } = await profileBatch(
      provider.model,
      [{ features, rules: rulesProfile(features, []) }],
      ['Everyone'],
    )
    expect(results[0]).toMatchObject({
      fallback: null,
      profile: { segment: 'Everyone', lifecycle: 'engaged' },
    })
    expect(usage).toMatchObject({ calls: 1, tokensIn: 321, tokensOut: 45 })
    expect(calls[0]!.model).toBe('@cf/meta/llama-3.3-70b-instruct-fp8-fast')
    expect(JSON.stringify(calls[0]!.inputs.response_format)).toContain('"enum":["Everyone"]')
  })
})
