import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/** Finds a Chromium: $CHROMIUM_PATH, Debian's `chromium`, or a Playwright-managed one. */
function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`)
    return fromEnv
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      const path = execFileSync('which', [name], { encoding: 'utf8' }).trim()
      if (path) return path
    } catch {}
  }
  return undefined // Playwright then looks for its own managed browser.
}

const chromium = findChromium()
if (!chromium && !process.env.PLAYWRIGHT_BROWSERS_PATH) {
  const hint = [
    'No Chromium found for the e2e tests. Install one of:',
    '  Debian/Ubuntu:   sudo apt-get install -y chromium',
    '  Playwright-managed: npx playwright install chromium',
    'or point CHROMIUM_PATH at a Chromium binary.',
  ].join('\n')
  throw new Error(hint)
}

export const port = Number(process.env.HEED_E2E_PORT ?? 8788)
export const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.HEED_PW_REPORT
    ? [['list'], ['json', { outputFile: process.env.HEED_PW_REPORT }]]
    : 'list',
  use: {
    baseURL,
    // An ordinary visitor's browser: no automation flag, no "HeadlessChrome" in the user agent.
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
        '--disable-blink-features=AutomationControlled',
      ],
    },
  },
  webServer: {
    command: 'node scripts/e2e-server.mjs',
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: !process.env.CI,
    env: { HEED_E2E_PORT: String(port) },
  },
})
