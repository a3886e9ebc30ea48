import { describe, expect, it } from 'vitest'
import {
  comparisonParams,
  intervalOf,
  parseState,
  periodOfState,
  stateToSearch,
  withFilter,
} from '../src/state'

describe('URL state', () => {
  it('reads defaults from an empty query and writes none of them back', () => {
    const s = parseState('')
    expect(s).toEqual({
      site: undefined,
      view: 'overview',
      period: '30d',
      from: undefined,
      to: undefined,
      compare: true,
      filters: [],
      steps: [],
      window: 'session',
      vid: undefined,
      segment: undefined,
      lifecycle: undefined,
    })
    expect(stateToSearch(s)).toBe('')
  })

  it('keeps repeated filters and funnel steps in order through a round trip', () => {
    const search =
      '?site=demo&view=funnels&period=custom&from=2026-03-01&to=2026-03-31&compare=off&filter=page%3D%3D%2Fcart&filter=source%21%3Dgoogle&step=page%3D%3D%2F&step=event%3D%3Dpurchase&window=7d'
    const s = parseState(search)
    expect(s.filters).toEqual(['page==/cart', 'source!=google'])
    expect(s.steps).toEqual(['page==/', 'event==purchase'])
    expect([s.view, s.period, s.from, s.to, s.compare, s.window]).toEqual([
      'funnels',
      'custom',
      '2026-03-01',
      '2026-03-31',
      false,
      '7d',
    ])
    expect(stateToSearch(s)).toBe(search)
  })

  it('falls back to 30 days for an unknown period or a custom one without valid days', () => {
    expect(parseState('?period=forever').period).toBe('30d')
    expect(parseState('?period=custom&from=2026-03-05&to=2026-03-01').period).toBe('30d')
    expect(parseState('?period=custom&from=2026-03-05').period).toBe('30d')
    expect(parseState('?view=nope').view).toBe('overview')
  })

  it('replaces an "is" filter on the same dimension and keeps the others', () => {
    expect(withFilter(['page==/a', 'source==google', 'page~=/blog'], 'page', '/b')).toEqual([
      'source==google',
      'page~=/blog',
      'page==/b',
    ])
  })
})

describe('periods in the site timezone', () => {
  // 2026-03-29 23:30 UTC is already the 30th in Berlin (CEST, +2).
  const now = Date.UTC(2026, 2, 29, 23, 30)

  it("resolves today and 7 days from the site's day, not the browser's", () => {
    expect(periodOfState(parseState('?period=today'), 'Europe/Berlin', now)).toMatchObject({
      from: '2026-03-30',
      to: '2026-03-30',
    })
    expect(periodOfState(parseState('?period=7d'), 'America/New_York', now)).toMatchObject({
      from: '2026-03-23',
      to: '2026-03-29',
    })
  })

  it('compares a month with the month before and 7 days with the 7 before', () => {
    expect(comparisonParams(parseState('?period=month'), 'Europe/Berlin', now)).toEqual({
      period: 'custom',
      from: '2026-02-01',
      to: '2026-02-28',
    })
    expect(comparisonParams(parseState('?period=7d'), 'Europe/Berlin', now)).toEqual({
      period: 'custom',
      from: '2026-03-17',
      to: '2026-03-23',
    })
  })

  it('picks hours for one day, days up to a quarter, then weeks and months', () => {
    const p = (from: string, to: string) =>
      periodOfState(parseState(`?period=custom&from=${from}&to=${to}`), 'UTC', now)
    expect(intervalOf(p('2026-03-01', '2026-03-01'))).toBe('hour')
    expect(intervalOf(p('2026-01-01', '2026-04-02'))).toBe('day') // 92 days
    expect(intervalOf(p('2026-01-01', '2026-04-03'))).toBe('week')
    expect(intervalOf(p('2025-01-01', '2026-03-01'))).toBe('month')
  })
})
