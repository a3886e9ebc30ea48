import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const consent = new Hono<AppEnv>()
