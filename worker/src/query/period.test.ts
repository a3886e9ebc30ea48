import { describe, expect, it } from 'vitest'
import { dayStart, localDay, offsetSpans, previousPeriod, resolvePeriod, tzOffset, weekOf } from './period'

describe('periods in a site timezone', () => {
  it('finds local midnight across the spring-forward day in Berlin (23 h long)', () => {
    // CET (+1) until 2026-03-29 01:00 UTC, CEST (+2) after.
    expect(new Date(dayStart('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z')
    expect(new Date(dayStart('2026-03-30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z')
    expect(localDay(Date.parse('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28')
    expect(localDay(Date.parse('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29')
  })

  it('handles the fall-back day (25 h) and zones with half-hour offsets', () => {
    const start = dayStart('2026-10-25', 'Europe/Berlin')
    const end = dayStart('2026-10-26', 'Europe/Berlin')
    expect((end - start) / 3_600_000).toBe(25)
    expect(new Date(dayStart('2026-06-01', 'Asia/Kolkata')).toISOString()).toBe('2026-05-31T18:30:00.000Z')
    expect(tzOffset(Date.parse('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-5 * 3_600_000)
  })

  it('splits a range into constant-offset spans at the exact switch instant', () => {
    const spans = offsetSpans(
      Date.parse('2026-03-28T23:00:00Z'),
      Date.parse('2026-03-31T22:00:00Z'),
      'Europe/Berlin',
    )
    expect(spans).toEqual([
      { until: Date.parse('2026-03-29T01:00:00Z'), offset: 3_600_000 },
      { until: Number.MAX_SAFE_INTEGER, offset: 7_200_000 },
    ])
    expect(offsetSpans(0, 86_400_000, 'UTC')).toEqual([{ until: Number.MAX_SAFE_INTEGER, offset: 0 }])
  })

  it('resolves named periods and their comparison periods', () => {
    const p = resolvePeriod('7d', '2026-03-10', 'UTC')
    expect([p.from, p.to]).toEqual(['2026-03-04', '2026-03-10'])
    const prev = previousPeriod(p, 'UTC')
    expect([prev.from, prev.to]).toEqual(['2026-02-25', '2026-03-03'])
    const m = resolvePeriod('month', '2026-03-10', 'UTC')
    expect([m.from, m.to]).toEqual(['2026-03-01', '2026-03-31'])
    const pm = previousPeriod(m, 'UTC')
    expect([pm.from, pm.to]).toEqual(['2026-02-01', '2026-02-28'])
    expect(weekOf('2026-03-29')).toBe('2026-03-23') // a Sunday belongs to the week starting Monday 23rd
    expect(weekOf('2026-03-23')).toBe('2026-03-23')
  })
})
