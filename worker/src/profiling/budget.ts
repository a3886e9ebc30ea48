import type { Env } from '../env'
import type { Budget } from './run'

/** Budgets for one run from the PROFILE_MAX_* vars (wrangler.toml), with safe defaults. */
export function budgetFrom(env: Pick<Env, 'PROFILE_MAX_VISITORS' | 'PROFILE_MAX_TOKENS'>): Budget {
  const num = (v: string | undefined, fallback: number) => {
    const n = Number(v)
    return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback
  }
  return { maxVisitors: num(env.PROFILE_MAX_VISITORS, 200), maxTokens: num(env.PROFILE_MAX_TOKENS, 200_000) }
}
