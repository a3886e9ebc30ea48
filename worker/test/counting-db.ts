import { env } from 'cloudflare:workers'

/** env.DB, counting the round trips made through it (each first/all/run/raw, each batch). */
export function countingDb() {
  const counter = { trips: 0 }
  const trip = ['first', 'all', 'run', 'raw']
  const statement = (s: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(s, {
      get(target, key) {
        const value = Reflect.get(target, key) as (...args: unknown[]) => unknown
        if (key === 'bind')
          return (...args: unknown[]) => statement(value.apply(target, args) as D1PreparedStatement)
        if (typeof key === 'string' && trip.includes(key)) counter.trips++
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  const d1 = new Proxy(env.DB, {
    get(target, key) {
      const value = Reflect.get(target, key) as (...args: unknown[]) => unknown
      if (key === 'prepare') return (sql: string) => statement(target.prepare(sql))
      if (key === 'batch') counter.trips++
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { d1, counter }
}
