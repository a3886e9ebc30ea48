import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { chromium } from '@playwright/test'

/** What to do when no browser is found; the e2e config fails with exactly this. */
export const INSTALL_HINT = [
  'No Chromium found for the e2e tests. Install one of:',
  '  Debian/Ubuntu:      sudo apt-get install -y chromium',
  '  Playwright-managed: npx playwright install chromium',
  'or point CHROMIUM_PATH at a Chromium binary.',
].join('\n')

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** The browser Playwright installs with `npx playwright install chromium`, if it is there. */
function playwrightManaged(): string | undefined {
  const path = chromium.executablePath()
  return isExecutableFile(path) ? path : undefined
}

/**
 * Finds a Chromium for the e2e tests: $CHROMIUM_PATH, then a system Chromium on $PATH, then a
 * Playwright-managed one. Returns the executable to launch, or `undefined` when Playwright's own
 * browser should be used. Throws INSTALL_HINT when there is none.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  managed: () => string | undefined = playwrightManaged,
): string | undefined {
  const fromEnv = env.CHROMIUM_PATH
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv
    throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file.\n${INSTALL_HINT}`)
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const path = join(dir, name)
      if (isExecutableFile(path)) return path
    }
  }
  if (managed()) return undefined
  throw new Error(INSTALL_HINT)
}
