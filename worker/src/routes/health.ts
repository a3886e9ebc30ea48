import { Hono } from 'hono'
import { d1Answers } from '../db/health'
import type { AppEnv } from '../env'

export const health = new Hono<AppEnv>().get('/', async (c) => {
  const d1 = await d1Answers(c.env.DB)
  // Always 200 so a load balancer can tell "worker up, D1 down" from "worker down".
  return c.json({ ok: d1, version: c.env.HEED_VERSION, d1 })
})
