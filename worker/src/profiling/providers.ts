import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import type { LanguageModel } from 'ai'
import { createWorkersAI } from 'workers-ai-provider'

/** The vars and bindings that choose a provider (a subset of Env, so node-side tests can pass plain objects). */
export interface ProviderConfig {
  AI_PROVIDER?: string
  AI_BASE_URL?: string
  AI_MODEL?: string
  AI_API_KEY?: string
  AI?: unknown
}

export type ProfilingProvider =
  | { kind: 'rules'; modelId: 'rules'; reason?: string }
  | { kind: 'workers-ai' | 'openai-compatible'; model: LanguageModel; modelId: string; batchSize: number }

/** A JSON-mode capable Workers AI model; override with AI_MODEL. */
export const DEFAULT_WORKERS_AI_MODEL = '@cf/meta/llama-3.3-70b-instruct-fp8-fast'

const rules = (reason?: string): ProfilingProvider => ({ kind: 'rules', modelId: 'rules', reason })

/**
 * One interface over three providers. A misconfigured model provider degrades to `rules` with a
 * reason (recorded on the run) rather than failing the cron: profiles keep coming, offline too.
 */
export function resolveProvider(
  config: ProviderConfig,
  options: { fetch?: typeof fetch } = {},
): ProfilingProvider {
  const kind = (config.AI_PROVIDER ?? 'rules').trim() || 'rules'
  if (kind === 'rules') return rules()
  if (kind === 'workers-ai') {
    if (!config.AI) return rules('workers-ai needs the AI binding ([ai] binding = "AI" in wrangler.toml)')
    const workersai = createWorkersAI({ binding: config.AI } as Parameters<typeof createWorkersAI>[0])
    const modelId = config.AI_MODEL || DEFAULT_WORKERS_AI_MODEL
    return { kind, model: workersai(modelId), modelId, batchSize: 3 }
  }
  if (kind === 'openai-compatible') {
    if (!config.AI_BASE_URL || !config.AI_MODEL) {
      return rules('openai-compatible needs AI_BASE_URL and AI_MODEL')
    }
    const provider = createOpenAICompatible({
      name: 'openai-compatible',
      baseURL: config.AI_BASE_URL,
      apiKey: config.AI_API_KEY || undefined,
      includeUsage: true,
      // Sends response_format json_schema: without it only json_object mode is requested and the
      // schema (enums included) never reaches the model.
      supportsStructuredOutputs: true,
      fetch: options.fetch,
    })
    return { kind, model: provider.chatModel(config.AI_MODEL), modelId: config.AI_MODEL, batchSize: 5 }
  }
  return rules(`unknown AI_PROVIDER "${kind}"`)
}
