import { describe, expect, it } from 'vitest'
import { flag, pathPattern, setOptions } from '../src/config'

describe('flag: an option switch, as the core and both chunks read it', () => {
  it.each([
    ['a bare attribute', '', true],
    ['"true"', 'true', true],
    ['true (an init() option)', true, true],
    ['"on"', 'on', true],
    ['"1"', '1', true],
    ['any other value', 'yes please', true],
    ['"false"', 'false', false],
    ['false (an init() option)', false, false],
    ['"off"', 'off', false],
    ['"0"', '0', false],
    ['"no"', 'no', false],
  ])('%s → %s', (_name, value, expected) => {
    setOptions({ debug: value }, 'https://heed.example')
    expect(flag('debug')).toBe(expected)
  })

  it('falls back when the option is absent', () => {
    setOptions({}, 'https://heed.example')
    expect(flag('debug')).toBe(false)
    expect(flag('outbound', true)).toBe(true)
  })
})

describe('pathPattern: data-exclude paths', () => {
  it.each([
    ['/admin/*', '/admin/users/7', true],
    ['/admin/*', '/admin', false],
    ['/admin/*', '/administrator/x', false],
    ['/blog/*/edit', '/blog/12/edit', true],
    ['/account', '/account', true],
    ['/account', '/account/x', false],
    // every other character is literal: a dot is a dot, brackets and plus signs are themselves
    ['/a.b', '/axb', false],
    ['/a.b', '/a.b', true],
    ['/x-(1)+', '/x-(1)+', true],
    ['/café', '/café', true],
  ])('%s on %s → %s', (pattern, path, expected) => {
    expect(pathPattern(pattern).test(path)).toBe(expected)
  })
})
