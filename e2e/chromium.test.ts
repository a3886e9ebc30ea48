import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect, test } from '@playwright/test'
import { findChromium, INSTALL_HINT } from './chromium'

// The e2e config's browser lookup, and what a developer without any Chromium sees.

function fakeBinary(dir: string, name: string, executable = true) {
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\n')
  chmodSync(path, executable ? 0o755 : 0o644)
  return path
}

const noManaged = () => undefined

test('CHROMIUM_PATH wins when it is an executable, and is an error when it is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-chromium-'))
  const binary = fakeBinary(dir, 'my-chrome')
  expect(findChromium({ CHROMIUM_PATH: binary, PATH: '' }, noManaged)).toBe(binary)
  expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent', PATH: '' }, noManaged)).toThrow(
    'CHROMIUM_PATH=/nonexistent is not an executable file',
  )
  expect(() => findChromium({ CHROMIUM_PATH: dir, PATH: '' }, noManaged)).toThrow(
    'apt-get install -y chromium',
  )
})

test('a system Chromium on PATH is found; a non-executable file of that name is not', () => {
  const empty = mkdtempSync(join(tmpdir(), 'heed-path-'))
  const withBrowser = mkdtempSync(join(tmpdir(), 'heed-path-'))
  const notExecutable = mkdtempSync(join(tmpdir(), 'heed-path-'))
  const browser = fakeBinary(withBrowser, 'chromium-browser')
  fakeBinary(notExecutable, 'chromium', false)
  expect(findChromium({ PATH: [empty, notExecutable, withBrowser].join(':') }, noManaged)).toBe(browser)
})

test('without a system Chromium, a Playwright-managed one is used, else the install hint', () => {
  const empty = mkdtempSync(join(tmpdir(), 'heed-path-'))
  expect(findChromium({ PATH: empty }, () => '/somewhere/chrome')).toBeUndefined()
  expect(() => findChromium({ PATH: empty }, noManaged)).toThrow(INSTALL_HINT)
})

test('playwright itself stops with the install hint when there is no Chromium at all', () => {
  const cli = join('node_modules', '@playwright', 'test', 'cli.js')
  const run = (env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, [cli, 'test', '--list'], {
      encoding: 'utf8',
      // Only node on PATH, and an empty folder for Playwright-managed browsers.
      env: {
        PATH: dirname(process.execPath),
        HOME: process.env.HOME,
        PLAYWRIGHT_BROWSERS_PATH: mkdtempSync(join(tmpdir(), 'heed-browsers-')),
        ...env,
      },
    })
  const bare = run({})
  expect(bare.status).not.toBe(0)
  expect(bare.stdout + bare.stderr).toContain('No Chromium found for the e2e tests')
  expect(bare.stdout + bare.stderr).toContain('npx playwright install chromium')

  const wrongPath = run({ CHROMIUM_PATH: '/nonexistent' })
  expect(wrongPath.status).not.toBe(0)
  expect(wrongPath.stdout + wrongPath.stderr).toContain(
    'CHROMIUM_PATH=/nonexistent is not an executable file',
  )
})
