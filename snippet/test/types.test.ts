import { describe, expectTypeOf, it } from 'vitest'
import type * as esm from '../src/esm'
import type * as declared from '../types/heed'

// The hand-written declarations shipped as heed.d.ts must describe what heed.mjs really exports.
describe('heed.d.ts', () => {
  it('init accepts the declared options', () => {
    expectTypeOf<declared.HeedOptions>().toExtend<Parameters<typeof esm.init>[0]>()
  })
  it('heed accepts every declared command', () => {
    expectTypeOf<Parameters<declared.Heed>>().toExtend<Parameters<typeof esm.heed>>()
  })
})
