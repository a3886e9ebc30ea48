// A minimal D1Database over node:sqlite, for the bench only: the real runProfiling code runs
// against real SQL (the project's migrations) without workerd. Covers prepare/bind/all/first/run/batch.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'

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
    return { results: this.db.prepare(this.sql).all(...this.params), success: true, meta: {} }
  }
  async first() {
    return this.db.prepare(this.sql).get(...this.params) ?? null
  }
  /** drizzle's D1 driver reads rows as arrays. */
  async raw() {
    return this.db
      .prepare(this.sql)
      .all(...this.params)
      .map((row) => Object.values(row))
  }
  async run() {
    const r = this.db.prepare(this.sql).run(...this.params)
    return { results: [], success: true, meta: { changes: Number(r.changes) } }
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
    async batch(statements) {
      db.exec('BEGIN')
      try {
        const out = []
        for (const s of statements)
          out.push({ results: s.db.prepare(s.sql).all(...s.params), success: true, meta: {} })
        db.exec('COMMIT')
        return out
      } catch (err) {
        db.exec('ROLLBACK')
        throw err
      }
    },
  }
}
