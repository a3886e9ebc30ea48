import { describe, expect, it } from 'vitest'
import { categoriesOf, isOn } from './bridge'

describe('isOn', () => {
  it.each([
    ['a bare attribute', '', true],
    ['"true"', 'true', true],
    ['true (an init() option)', true, true],
    ['"on"', 'on', true],
    ['"1"', '1', true],
    ['any other value', 'yes please', true],
    ['absent', undefined, false],
    ['null', null, false],
    ['"false"', 'false', false],
    ['false (an init() option)', false, false],
    ['"off"', 'off', false],
    ['"0"', '0', false],
    ['"no"', 'no', false],
  ])('%s → %s', (_name, value, expected) => {
    expect(isOn(value)).toBe(expected)
  })
})

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
