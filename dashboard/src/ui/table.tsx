import type { ComponentChildren } from 'preact'

export interface Column<Row> {
  label: string
  /** The cell; numbers are right-aligned. */
  cell(row: Row, index: number): ComponentChildren
  numeric?: boolean
}

/** A plain data table in a scrollable, focusable region (so keyboard users can scroll it too). */
export function DataTable<Row>(props: {
  caption: string
  columns: Column<Row>[]
  rows: Row[]
  hideCaption?: boolean
  rowKey?: (row: Row, index: number) => string
  /** Bars behind the first column: each row's share (0–100) of the largest. */
  share?: (row: Row) => number
  /** A region label when it should differ from the caption. */
  label?: string
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a named scroll area, not a page section
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table wider than a phone scrolls; keyboards must reach it
    <div class="table-wrap" role="region" aria-label={props.label ?? props.caption} tabIndex={0}>
      <table class={props.share ? 'bars' : undefined}>
        <caption class={props.hideCaption ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined} key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r, i) => (
            <tr
              key={props.rowKey ? props.rowKey(r, i) : i}
              style={props.share ? { '--share': `${props.share(r)}%` } : undefined}
            >
              {props.columns.map((c, j) =>
                j === 0 ? (
                  <th scope="row" key={c.label} class={c.numeric ? 'num' : undefined}>
                    {c.cell(r, i)}
                  </th>
                ) : (
                  <td key={c.label} class={c.numeric ? 'num' : undefined}>
                    {c.cell(r, i)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
