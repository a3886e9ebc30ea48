import { callWithRepair, type Usage } from '../profiling/generate'
import type { ProfilingProvider } from '../profiling/providers'
import { findSensitive, scrubText } from '../profiling/safety'
import { estimateTokens } from '../profiling/tokens'
import {
  type Exchange,
  type Feedback,
  keepDeclared,
  type Question,
  type Turn,
  type Value,
} from './conversation'
import type { SurveyInput, SurveyLanguage } from './definition'
import {
  ASK_PROMPT_VERSION,
  ASK_SYSTEM,
  type AskContext,
  type ModelTurn,
  turnPrompt,
  turnSchema,
} from './prompt'
import { nextQuestion, questionsAsked, rulesTurn, THANKS, templateQuestion } from './rules'

/** Token budgets of survey turns; a turn that would exceed one is answered by the rules. */
export interface AskBudget {
  perResponse: number
  perSiteDay: number
}

export const DEFAULT_ASK_BUDGET: AskBudget = { perResponse: 4_000, perSiteDay: 200_000 }

/** Why a turn was answered by the rules although a model was configured. */
export type TurnFallback = 'budget' | 'timeout' | 'model_error' | 'invalid_output'

export interface TurnInput {
  survey: Pick<SurveyInput, 'goal' | 'attributes' | 'max_questions'>
  language: SurveyLanguage
  known: Record<string, Value>
  history: Exchange[]
  context: AskContext | null
  /** Tokens already spent by this response and by the site today. */
  spent: { response: number; siteToday: number }
}

export interface TurnResult {
  turn: Turn
  provider: string
  model: string
  promptVersion: string
  fallback: TurnFallback | null
  tokensIn: number
  tokensOut: number
}

const FEEDBACK_MAX = 200
const LINK = /\b(?:https?:\/\/|www\.)|\b[\w-]+\.(?:com|net|org|io|de|shop)\b/i

/** Model text a visitor may see: plain, capped, no links and no special-category term. */
const safeShown = (text: string): string | null => {
  if (LINK.test(text)) return null
  const clean = scrubText(text, FEEDBACK_MAX)
  return clean && !findSensitive(clean) ? clean : null
}

/**
 * The model's turn held to the survey: extractions only for unknown attributes with declared
 * values, the next question only about an unknown attribute (its options always the declared
 * values), at most one clarification per question, and shown text that passes the safety check.
 * What fails is replaced by the rules' choice rather than trusted.
 */
export function checkModelTurn(input: TurnInput, out: ModelTurn): Turn {
  const unknown = input.survey.attributes.filter((a) => !(a.key in input.known))
  const extracted = keepDeclared(out.extracted, unknown)
  const last = input.history.at(-1)
  const thanks: Feedback = { kind: 'thanks', text: THANKS[input.language] }
  let feedback: Feedback | null = null
  if (last) {
    const text = out.feedback ? safeShown(out.feedback.text) : null
    feedback = out.feedback && text ? { kind: out.feedback.kind, text } : thanks
    if (feedback.kind === 'clarify') {
      if (!last.clarified) return { feedback, next: last.question, extracted }
      feedback = thanks
    }
  }
  const asked = new Set(input.history.map((e) => e.question.attribute))
  const target = out.next && unknown.find((a) => a.key === out.next!.attribute)
  let next: Question | null = null
  if (questionsAsked(input.history) < input.survey.max_questions) {
    if (target && !asked.has(target.key) && !extracted.some((e) => e.attribute === target.key)) {
      const template = templateQuestion(target, input.language)
      const text = safeShown(out.next!.text) ?? template.text
      const kind = target.type === 'enum' && out.next!.kind === 'multiple' ? 'multiple' : template.kind
      next = { ...template, kind, text }
    } else if (out.next) {
      next = nextQuestion(input, extracted, last?.answer ?? '')
    }
  }
  return { feedback, next, extracted }
}

const isTimeout = (message: string) => /timeout|timed out|aborted/i.test(message)

/**
 * One survey turn: one structured model call when a model is configured and the budgets allow,
 * else (and on a timeout, an error or invalid output) the rules turn. Provider, model, prompt
 * version and tokens are returned for the turn's record.
 */
export async function askTurn(
  provider: ProfilingProvider,
  input: TurnInput,
  budget: AskBudget = DEFAULT_ASK_BUDGET,
  options: { timeoutMs?: number } = {},
): Promise<TurnResult> {
  const rules = (fallback: TurnFallback | null, usage?: Usage): TurnResult => ({
    turn: rulesTurn(input),
    provider: 'rules',
    model: 'rules',
    promptVersion: ASK_PROMPT_VERSION,
    fallback,
    tokensIn: usage?.tokensIn ?? 0,
    tokensOut: usage?.tokensOut ?? 0,
  })
  if (provider.kind === 'rules') return rules(null)
  const unknown = input.survey.attributes.filter((a) => !(a.key in input.known))
  const prompt = turnPrompt({
    goal: input.survey.goal,
    language: input.language,
    unknown,
    context: input.context,
    history: input.history,
    questionsLeft: Math.max(0, input.survey.max_questions - questionsAsked(input.history)),
  })
  const estimate = estimateTokens(ASK_SYSTEM) + estimateTokens(prompt)
  if (
    input.spent.response + estimate > budget.perResponse ||
    input.spent.siteToday + estimate > budget.perSiteDay
  ) {
    return rules('budget')
  }
  const usage: Usage = { calls: 0, tokensIn: 0, tokensOut: 0, latencyMs: 0 }
  const answer = await callWithRepair(
    provider.model,
    ASK_SYSTEM,
    prompt,
    turnSchema(unknown.map((a) => a.key)),
    'survey_turn',
    usage,
    { repair: false, maxRetries: 0, timeoutMs: options.timeoutMs ?? 5_000 },
  )
  if (!answer.ok) {
    if (answer.kind === 'invalid') return rules('invalid_output', usage)
    return rules(isTimeout(answer.message) ? 'timeout' : 'model_error', usage)
  }
  return {
    turn: checkModelTurn(input, answer.value),
    provider: provider.kind,
    model: provider.modelId,
    promptVersion: ASK_PROMPT_VERSION,
    fallback: null,
    tokensIn: usage.tokensIn,
    tokensOut: usage.tokensOut,
  }
}
