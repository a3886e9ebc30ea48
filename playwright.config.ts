import { defineConfig } from '@playwright/test'
import { findChromium } from './e2e/chromium'

// Fails here, before any server starts, with a message saying how to install a browser.
const chromium = findChromium()

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
    // Building the snippet, migrating, seeding and starting workerd takes ~20 s alone, minutes on a busy machine.
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    env: { HEED_E2E_PORT: String(port) },
  },
})
