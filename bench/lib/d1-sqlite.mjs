// A minimal D1Database over node:sqlite, for the benches only: the worker's own code runs against
// real SQL (the project's migrations) without workerd. Covers prepare/bind/all/first/run/raw/batch,
// with meta.changes as D1 reports it (rows changed by the statement itself).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

/** Runs one statement and returns a D1 result: its rows, and the rows it changed. */
function execute(db, sql, params) {
  const before = db.prepare('SELECT total_changes() AS n').get().n
  const results = db.prepare(sql).all(...params)
  const changes = db.prepare('SELECT total_changes() AS n').get().n - before
  return { results, success: true, meta: { changes } }
}

class Statement {
  constructor(db, sql, params = []) {
    this.db = db
    this.sql = sql
    this.params = params
  }
  bind(...params) {
    return new Statement(this.db, this.sql, params)
  }
  async all() {
    return execute(this.db, this.sql, this.params)
  }
  async first(column) {
    const row = this.db.prepare(this.sql).get(...this.params) ?? null
    return column === undefined || row === null ? row : (row[column] ?? null)
  }
  /** drizzle's D1 driver reads rows as arrays. */
  async raw() {
    return this.db
      .prepare(this.sql)
      .all(...this.params)
      .map((row) => Object.values(row))
  }
  async run() {
    return { ...execute(this.db, this.sql, this.params), results: [] }
  }
}

export function sqliteD1(migrationsDir) {
  const db = new DatabaseSync(':memory:')
  for (const file of readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    db.exec(readFileSync(join(migrationsDir, file), 'utf8').replaceAll('--> statement-breakpoint', ''))
  }
  return {
    raw: db,
    prepare: (sql) => new Statement(db, sql),
    /** One transaction, as D1's batch: every statement or none. */
    async batch(statements) {
      db.exec('BEGIN')
      try {
        const out = statements.map((s) => execute(s.db, s.sql, s.params))
        db.exec('COMMIT')
        return out
      } catch (err) {
        db.exec('ROLLBACK')
        throw err
      }
    },
    async exec(sql) {
      db.exec(sql)
      return { count: 1, duration: 0 }
    },
  }
}
