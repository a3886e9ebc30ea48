/** Durations as a notice may state them: "395 days" and "13 months" are the same claim. */
export type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'

export interface Duration {
  n: number
  unit: Unit
}

/** The average month of the Gregorian calendar, in days. */
const MONTH_DAYS = 365.2425 / 12

/**
 * Every way a notice may state `days`: in days, and in whole months or years when the count is within
 * three days of one (395 days is "13 months", 182 is "6 months", 30 is "1 month", 365 is "1 year").
 */
export function durationsOfDays(days: number): Duration[] {
  const out: Duration[] = [{ n: days, unit: 'day' }]
  const months = Math.round(days / MONTH_DAYS)
  if (months >= 1 && Math.abs(months * MONTH_DAYS - days) <= 3) out.push({ n: months, unit: 'month' })
  if (months >= 12 && months % 12 === 0) out.push({ n: months / 12, unit: 'year' })
  if (days >= 7 && days % 7 === 0 && days <= 28) out.push({ n: days / 7, unit: 'week' })
  return out
}

/** The whole months `days` stands for, when it stands for whole months. */
export const monthsOf = (days: number): number | undefined =>
  durationsOfDays(days).find((d) => d.unit === 'month')?.n

export const sameDuration = (a: Duration, b: Duration): boolean => a.n === b.n && a.unit === b.unit
