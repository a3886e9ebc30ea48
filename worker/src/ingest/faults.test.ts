import { createExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { type FaultFigures, runFaultScenario } from '../../test/fault-scenario'
import { createSite } from '../../test/fixtures'
import worker from '../index'

/** bench/faults runs the same scenario with 10,000 events. */
const EVENTS = 500

/** What must hold whatever failed: each event stored and counted once, nothing left behind. */
const exactness = (f: FaultFigures) => ({
  sent: f.sent,
  stored: f.stored,
  duplicated: f.duplicated,
  lost: f.lost,
  usageCounted: f.usageCounted,
  botHitsCounted: f.botHitsCounted,
  ordersStored: f.ordersStored,
  droppedByQueue: f.droppedByQueue,
  pendingDeadLetters: f.pendingDeadLetters,
})

/** The run went through every path it is meant to prove. */
const pathsTaken = (f: FaultFigures) => ({
  failedAfterCommitting: f.committedThenFailed > 0,
  retried: f.retried > 0,
  deadLettered: f.deadLettered > 0,
  replayed: f.replayed > 0,
  botHits: f.botHitsSent > 0,
  orders: f.ordersSent > 0,
  killed: f.kills > 0,
})

describe('fault injection: 30 % of D1 writes failing, and an outage longer than every retry', () => {
  it.each([
    ['stores and counts each event exactly once after retries and a dead-letter replay', 0, 1],
    ['still does when the consumer is killed mid-batch', 0.2, 2],
  ])(
    '%s',
    async (_name, killRate, seed) => {
      const site = await createSite({ id: `faults-${seed}` })
      const f = await runFaultScenario(
        (request, e) => worker.fetch(request, e, createExecutionContext()),
        env,
        env.TEST_QUEUE_CONSUMERS,
        { site, events: EVENTS, failureRate: 0.3, killRate, seed, adminToken: env.ADMIN_TOKEN! },
      )
      console.log(JSON.stringify(f))
      expect(exactness(f)).toEqual({
        sent: EVENTS,
        stored: EVENTS,
        duplicated: 0,
        lost: 0,
        usageCounted: EVENTS,
        botHitsCounted: f.botHitsSent,
        ordersStored: f.ordersSent,
        droppedByQueue: 0,
        pendingDeadLetters: 0,
      })
      expect(pathsTaken(f)).toEqual({
        failedAfterCommitting: true,
        retried: true,
        deadLettered: true,
        replayed: true,
        botHits: true,
        orders: true,
        killed: killRate > 0,
      })
    },
    120_000,
  )
})
