/**
 * Test-only fault injection: a D1 binding that passes everything to a real one, except that it
 * fails a chosen share of writes with the errors D1 itself throws. Reads always pass. No runtime
 * imports, so the fault bench (bench/faults) wraps its Node D1 with the same code.
 *
 * A failed write either never ran, or ran and committed before its answer was lost ("Network
 * connection lost." after the commit): the caller cannot tell which, so a retry must be harmless.
 * A consumer can also be killed: after a set number of writes every call throws, as when the
 * isolate dies mid-batch, and the queue (queue-broker.ts) forgets the invocation's acks.
 */

/** Errors as D1 words them (developers.cloudflare.com/d1/observability/debug-d1, "List of D1_ERRORs"). */
export const D1_FAULTS = [
  { message: 'D1_ERROR: D1 DB is overloaded. Requests queued for too long.', committed: false },
  { message: 'D1_ERROR: Network connection lost.', committed: false },
  { message: 'D1_ERROR: Network connection lost.', committed: true },
  {
    message: 'D1_ERROR: Internal error while starting up D1 DB storage caused object to be reset.',
    committed: false,
  },
  { message: 'D1_ERROR: D1 DB reset because its code was updated.', committed: false },
] as const

/** Thrown by every call once the consumer is killed; it is not a D1 error, the isolate is gone. */
export class ConsumerKilled extends Error {
  constructor() {
    super('consumer killed mid-batch')
  }
}

export interface FaultStats {
  /** Write calls made (a batch with any write in it is one). */
  writes: number
  /** Writes that threw an injected D1 error. */
  failed: number
  /** Of `writes` and `failed`, those made while D1 was down (all of which failed). */
  duringOutage: number
  /** Of those, writes that had committed before the error. */
  committedThenFailed: number
  /** Consumers killed. */
  kills: number
}

const WRITE = /^\s*(?:insert|update|delete|replace|create|drop|alter)\b/i

export class FaultyD1 {
  readonly stats: FaultStats = { writes: 0, failed: 0, duringOutage: 0, committedThenFailed: 0, kills: 0 }
  /** Share of writes that fail, 0 to 1. */
  failureRate: number
  /** While this answers true every write fails (an outage longer than any retry). */
  down: () => boolean = () => false
  private killAfter: number | null = null
  private killed = false
  private readonly random: () => number
  /** The real statement and the SQL behind each wrapped one. */
  private readonly statements = new WeakMap<object, D1PreparedStatement>()
  private readonly sqlOf = new WeakMap<object, string>()
  readonly binding: D1Database

  constructor(inner: D1Database, options: { failureRate: number; random: () => number }) {
    this.failureRate = options.failureRate
    this.random = options.random
    this.binding = {
      prepare: (sql: string) => this.statement(inner.prepare(sql), sql),
      batch: <T>(statements: D1PreparedStatement[]) => {
        const real = statements.map((s) => this.statements.get(s) ?? s)
        const writes = statements.some((s) => WRITE.test(this.sqlOf.get(s) ?? ''))
        return this.call(writes, () => inner.batch<T>(real))
      },
      exec: (sql: string) => this.call(true, () => inner.exec(sql)),
      dump: () => inner.dump(),
      withSession: () => {
        throw new Error('FaultyD1 does not wrap sessions')
      },
    } as unknown as D1Database
  }

  /** From now on, the consumer dies after `writes` more writes (0: at its next call). */
  killAfterWrites(writes: number) {
    this.killAfter = writes
  }

  /** Whether the consumer died since the last `revive`. */
  get wasKilled() {
    return this.killed
  }

  /** A new isolate: calls pass again. */
  revive() {
    this.killed = false
    this.killAfter = null
  }

  private statement(real: D1PreparedStatement, sql: string): D1PreparedStatement {
    const write = WRITE.test(sql)
    const wrapped = {
      bind: (...values: unknown[]) => this.statement(real.bind(...values), sql),
      first: (column?: string) => this.call(write, () => (column ? real.first(column) : real.first())),
      all: () => this.call(write, () => real.all()),
      run: () => this.call(write, () => real.run()),
      raw: (options?: { columnNames?: boolean }) =>
        this.call(write, () => real.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement
    this.statements.set(wrapped, real)
    this.sqlOf.set(wrapped, sql)
    return wrapped
  }

  private async call<T>(write: boolean, run: () => Promise<T>): Promise<T> {
    if (this.killed) throw new ConsumerKilled()
    if (this.killAfter !== null && this.killAfter <= 0) return this.kill()
    if (!write) return run()
    this.stats.writes++
    if (this.killAfter !== null) this.killAfter--
    const down = this.down()
    if (down) this.stats.duringOutage++
    else if (this.random() >= this.failureRate) return run()
    const fault = D1_FAULTS[Math.floor(this.random() * D1_FAULTS.length)]!
    this.stats.failed++
    // During an outage nothing reaches the database.
    if (fault.committed && !down) {
      await run()
      this.stats.committedThenFailed++
    }
    throw new Error(fault.message)
  }

  private kill(): never {
    this.killed = true
    this.stats.kills++
    throw new ConsumerKilled()
  }
}
