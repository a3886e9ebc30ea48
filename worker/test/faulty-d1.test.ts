import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../src/profiling/cluster'
import { ConsumerKilled, D1_FAULTS, FaultyD1 } from './faulty-d1'

const count = async () =>
  (await env.DB.prepare("SELECT count(*) AS n FROM salts WHERE day LIKE 'fault-%'").first<{ n: number }>())?.n

const insert = (d1: D1Database, day: string) =>
  d1.prepare('INSERT INTO salts (day, salt, created_at) VALUES (?, ?, 0)').bind(day, 'x')

describe('the D1 fault seam', () => {
  it('fails about the chosen share of writes with D1’s own errors, some after committing, never a read', async () => {
    const faulty = new FaultyD1(env.DB, { failureRate: 0.3, random: seededRandom(7) })
    const messages = new Set<string>()
    for (let i = 0; i < 100; i++) {
      await insert(faulty.binding, `fault-${i}`)
        .run()
        .catch((err: Error) => messages.add(err.message))
      expect(await faulty.binding.prepare('SELECT 1 AS one').first('one')).toBe(1)
    }
    expect(faulty.stats.writes).toBe(100)
    expect(faulty.stats.failed).toBeGreaterThan(15)
    expect(faulty.stats.failed).toBeLessThan(45)
    expect(faulty.stats.committedThenFailed).toBeGreaterThan(0)
    expect([...messages].every((m) => D1_FAULTS.some((f) => f.message === m))).toBe(true)
    // Every write that did not fail, and every one that failed after committing, is in D1.
    expect(await count()).toBe(100 - faulty.stats.failed + faulty.stats.committedThenFailed)
  })

  it('fails every write while down, and kills the consumer after the chosen number of writes', async () => {
    const faulty = new FaultyD1(env.DB, { failureRate: 0, random: seededRandom(1) })
    faulty.down = () => true
    await expect(faulty.binding.batch([insert(faulty.binding, 'fault-down')])).rejects.toThrow(/^D1_ERROR: /)
    faulty.down = () => false
    faulty.killAfterWrites(1)
    await insert(faulty.binding, 'fault-kill-1').run()
    await expect(faulty.binding.prepare('SELECT 1').first()).rejects.toThrow(ConsumerKilled)
    expect(faulty.wasKilled).toBe(true)
    faulty.revive()
    await insert(faulty.binding, 'fault-kill-2').run()
    expect(faulty.stats).toMatchObject({ writes: 3, failed: 1, duringOutage: 1, kills: 1 })
  })
})
