/**
 * Rows keyed by their SQL column names, typed from the drizzle schema: the shape `json_each`
 * inserts read and raw `SELECT`s return. The schema is the one definition of every column.
 */
import { getTableColumns } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { type botCounts, events, quarantine } from './schema'

type Columns<T extends SQLiteTable> = T['_']['columns']

/** A row of `T` with SQL column names; nullable columns may be null. */
export type SqlRow<T extends SQLiteTable> = {
  [K in keyof Columns<T> as Columns<T>[K]['_']['name']]: Columns<T>[K]['_']['notNull'] extends true
    ? Columns<T>[K]['_']['data']
    : Columns<T>[K]['_']['data'] | null
}

/** One stored event, as the pipeline builds it and the consumer inserts it. */
export type EventRow = Omit<SqlRow<typeof events>, 'marketing'> & {
  /** 1 when the visitor granted marketing consent (and sent no Sec-GPC), else 0. */
  marketing: 0 | 1
}

/** An input kept for the site owner instead of being stored as an event (id is assigned by D1). */
export type QuarantineRow = Omit<SqlRow<typeof quarantine>, 'id'>

/**
 * Bot traffic is counted, never stored as events. Each count carries the id /collect gave it, so a
 * message delivered twice adds it once (bot_receipts).
 */
export type BotCount = SqlRow<typeof botCounts> & { id: string }

/** What identifies a stored event: its site and its id. */
export const rowKey = (row: Pick<EventRow, 'site_id' | 'id'>) => `${row.site_id}\u001f${row.id}`

/** The columns of `events`, in schema order. */
export const EVENT_COLUMNS = Object.values(getTableColumns(events)).map((c) => c.name) as (keyof EventRow)[]

/** The columns of `quarantine` a QuarantineRow carries (all but the id D1 assigns), in schema order. */
export const QUARANTINE_COLUMNS = Object.values(getTableColumns(quarantine))
  .map((c) => c.name)
  .filter((name) => name !== 'id') as (keyof QuarantineRow)[]
