import type { Env } from '../env'
import type { Budget } from './run'

type BudgetVars = Pick<Env, 'PROFILE_MAX_VISITORS' | 'PROFILE_MAX_TOKENS'>

/** Budgets for one run from the PROFILE_MAX_* vars (wrangler.toml), with safe defaults. */
export function budgetFrom(env: BudgetVars): Budget {
  const num = (v: string | undefined, fallback: number) => {
    const n = Number(v)
    return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback
  }
  return { maxVisitors: num(env.PROFILE_MAX_VISITORS, 200), maxTokens: num(env.PROFILE_MAX_TOKENS, 200_000) }
}

/**
 * The budget of an on-demand run: what the caller asks for, the operator's PROFILE_MAX_* where it
 * asks nothing. The operator pays for the model, so only the operator (the ADMIN_TOKEN) may ask for
 * more than those limits; a site's own admin key asking for more is refused with the limit it broke.
 */
export function onDemandBudget(
  env: BudgetVars,
  asked: { maxVisitors?: number; maxTokens?: number },
  byOperator: boolean,
): { ok: true; budget: Budget } | { ok: false; message: string } {
  const limits = budgetFrom(env)
  const budget = {
    maxVisitors: asked.maxVisitors ?? limits.maxVisitors,
    maxTokens: asked.maxTokens ?? limits.maxTokens,
  }
  if (!byOperator) {
    if (budget.maxVisitors > limits.maxVisitors)
      return {
        ok: false,
        message: `max_visitors above PROFILE_MAX_VISITORS (${limits.maxVisitors}) needs the ADMIN_TOKEN`,
      }
    if (budget.maxTokens > limits.maxTokens)
      return {
        ok: false,
        message: `max_tokens above PROFILE_MAX_TOKENS (${limits.maxTokens}) needs the ADMIN_TOKEN`,
      }
  }
  return { ok: true, budget }
}
