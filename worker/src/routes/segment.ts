import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const segment = new Hono<AppEnv>()
