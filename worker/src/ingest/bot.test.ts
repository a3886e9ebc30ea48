import { describe, expect, it } from 'vitest'
import { detectBot } from './bot'
import { UA_FIREFOX } from '../../test/envelopes'

describe('detectBot', () => {
  it.each([
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'bot_user_agent'],
    ['curl/8.5.0', 'bot_user_agent'],
    ['python-requests/2.32', 'bot_user_agent'],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'headless',
    ],
    ['', 'no_user_agent'],
  ])('%s → %s', (ua, reason) => {
    expect(detectBot(ua, null, undefined)).toBe(reason)
  })

  it('trusts the snippet’s automation hints and the client-hint header', () => {
    expect(detectBot(UA_FIREFOX, null, { webdriver: true })).toBe('webdriver')
    expect(detectBot(UA_FIREFOX, null, { headless: true })).toBe('headless')
    expect(detectBot(UA_FIREFOX, '"HeadlessChrome";v="131"', undefined)).toBe('headless')
  })

  it('lets an ordinary browser through', () => {
    expect(detectBot(UA_FIREFOX, null, { webdriver: false })).toBeNull()
  })
})
