import { describe, expect, it } from 'vitest'
import { categoriesOf } from './bridge'

describe('categoriesOf', () => {
  it.each([
    ['unknown', false, false],
    ['denied', false, false],
    ['withdrawn', false, false],
    ['analytics', true, false],
    ['marketing', true, true],
  ] as const)('%s → analytics %s, marketing %s', (state, analytics, marketing) => {
    expect(categoriesOf(state)).toEqual({ analytics, marketing })
  })
})
