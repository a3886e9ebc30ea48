import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const health = new Hono<AppEnv>().get('/', async (c) => {
  let d1 = false
  try {
    d1 = (await c.env.DB.prepare('SELECT 1 AS ok').first<{ ok: number }>())?.ok === 1
  } catch {
    d1 = false
  }
  // Always 200 so a load balancer can tell "worker up, D1 down" from "worker down".
  return c.json({ ok: d1, version: c.env.HEED_VERSION, d1 })
})
