import { isbot } from 'isbot'
import type { ParsedEnvelope } from '../protocol'

export type BotReason = 'no_user_agent' | 'bot_user_agent' | 'headless' | 'webdriver'

/**
 * Whether a request comes from automation, and why. Known crawlers by user agent (isbot),
 * headless browsers by user agent or client hint, and the snippet's navigator.webdriver report.
 */
export function detectBot(
  userAgent: string,
  secChUa: string | null,
  hints: ParsedEnvelope['hints'],
): BotReason | null {
  if (!userAgent.trim()) return 'no_user_agent'
  if (hints?.webdriver) return 'webdriver'
  if (
    hints?.headless ||
    /HeadlessChrome|PhantomJS|Electron\//.test(userAgent) ||
    secChUa?.includes('HeadlessChrome')
  )
    return 'headless'
  if (isbot(userAgent)) return 'bot_user_agent'
  return null
}
