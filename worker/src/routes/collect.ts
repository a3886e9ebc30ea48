import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const collect = new Hono<AppEnv>()
