import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const me = new Hono<AppEnv>()
