import { flag } from './config'

/** `data-debug`: says with console.info what was dropped and why (never console.error: the host's console stays clean). */
export const debug = (...args: unknown[]): void => {
  flag('debug') && console.info('heed:', ...args)
}
