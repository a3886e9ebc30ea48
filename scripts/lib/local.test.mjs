import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { adminTokenWeakness } from '../../worker/src/auth/admin-token.ts'
import { E2E_ADMIN_TOKEN, ensureDevVars, root } from './local.mjs'

/** A project folder in miniature: only the example vars. */
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'heed-vars-'))
  copyFileSync(join(root, '.dev.vars.example'), join(dir, '.dev.vars.example'))
  return dir
}

const quiet = () => ({
  log: vi.spyOn(console, 'log').mockImplementation(() => {}),
  warn: vi.spyOn(console, 'warn').mockImplementation(() => {}),
})
afterEach(() => vi.restoreAllMocks())

describe('ADMIN_TOKEN of the local stacks', () => {
  it('npm run dev writes a random token the admin API takes, and says nothing more', async () => {
    const dir = project()
    const { warn } = quiet()
    const vars = await ensureDevVars(dir)
    expect(vars.ADMIN_TOKEN).toMatch(/^[0-9a-f]{48}$/)
    expect(adminTokenWeakness(vars.ADMIN_TOKEN)).toBeNull()
    expect(readFileSync(join(dir, '.dev.vars'), 'utf8')).toContain(`ADMIN_TOKEN=${vars.ADMIN_TOKEN}\n`)
    expect(warn).not.toHaveBeenCalled()
    // A second run keeps it.
    expect((await ensureDevVars(dir)).ADMIN_TOKEN).toBe(vars.ADMIN_TOKEN)
  })

  it('warns about a .dev.vars that kept the example token, which the admin API refuses', async () => {
    const dir = project()
    copyFileSync(join(dir, '.dev.vars.example'), join(dir, '.dev.vars'))
    const { warn } = quiet()
    const vars = await ensureDevVars(dir)
    expect(vars.ADMIN_TOKEN).toBe('change-me')
    expect(warn.mock.calls[0]?.[0]).toBe(
      'Warning: ADMIN_TOKEN has 9 characters; the admin API needs at least 32 (e.g. openssl rand -hex 24); the admin API stays closed until it is replaced.',
    )
    writeFileSync(join(dir, '.dev.vars'), 'ADMIN_TOKEN=\n')
    await ensureDevVars(dir)
    expect(warn.mock.calls[2]?.[0]).toBe(
      'Warning: ADMIN_TOKEN is empty, so no one can create sites; the admin API stays closed until it is replaced.',
    )
  })

  it('the e2e server runs with a token the admin API takes', () => {
    expect(typeof E2E_ADMIN_TOKEN).toBe('string')
    expect(adminTokenWeakness(E2E_ADMIN_TOKEN)).toBeNull()
  })
})
