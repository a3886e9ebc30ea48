import { describe, expect, it } from 'vitest'
import { formats } from '../src/format'

describe('Intl formatting in the site currency and timezone', () => {
  const berlin = formats({ currency: 'EUR', timezone: 'Europe/Berlin' }, 'en-GB')
  const tokyo = formats({ currency: 'JPY', timezone: 'Asia/Tokyo' }, 'de-DE')

  it('formats amounts in the site currency and the reader language', () => {
    expect(berlin.money(1234.5)).toBe('€1,234.50')
    expect(tokyo.money(1234.5).replace(/\s/g, ' ')).toBe('1.235 ¥')
    expect(berlin.int(1834.6)).toBe('1,835')
  })

  it('formats percentages given as 0–100 and changes with their sign', () => {
    expect(berlin.pct(41.25)).toBe('41.3%')
    expect(berlin.change(7.1)).toBe('+7.1%')
    expect(berlin.change(-6.4)).toBe('-6.4%')
    expect(berlin.change(0)).toBe('0%')
    expect(berlin.change(null)).toBe('—')
  })

  it('formats a visit duration in minutes and seconds', () => {
    expect(berlin.duration(555)).toBe('9m 15s')
    expect(berlin.duration(42.4)).toBe('42s')
  })

  it('shows instants in the site timezone, and API buckets as the local labels they are', () => {
    // 23:30 UTC on 29 March is 01:30 on the 30th in Berlin (CEST) and 08:30 in Tokyo.
    const t = Date.UTC(2026, 2, 29, 23, 30)
    expect(berlin.dateTime(t)).toBe('30 Mar 2026, 01:30')
    expect(berlin.moment(t + 5_000)).toBe('30 Mar 2026, 01:30:05')
    expect(tokyo.time(t)).toBe('8:30:00')
    expect(berlin.bucket('2026-03-29T02:00', 'hour')).toBe('02:00')
    expect(berlin.bucket('2026-03-29', 'day')).toBe('29 Mar')
    expect(berlin.bucket('2026-03-01', 'month')).toBe('Mar 2026')
    expect(berlin.range('2026-03-23', '2026-03-29')).toBe('23\u2009–\u200929 Mar 2026')
  })
})
